package io.loomget.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CookieJarTest {

    private static final long FUTURE = System.currentTimeMillis() / 1000 + 3600;

    private static String cookieFor(CookieJar jar, String url) {
        var headers = jar.get(URI.create(url), Map.of());
        return headers.isEmpty() ? "" : headers.get("Cookie").getFirst();
    }

    @ParameterizedTest(name = "{0} gets ''{1}''")
    @CsvSource(delimiter = '|', textBlock = """
            https://example.org/a/file.bin     | sec=3; dom=1; host=2
            http://example.org/a/file.bin      | dom=1; host=2
            http://www.example.org/a/x         | dom=1
            http://a.b.example.org/a/x         | dom=1
            http://example.org/ab              | ''
            http://badexample.org/a/x          | ''
            """)
    void domainPathAndSecureRulesAreTheBrowsers(String url, String expected) {
        var jar = new CookieJar(List.of(
                new CookieJar.Cookie("example.org", false, "/a", false, false, FUTURE, "dom", "1"),
                new CookieJar.Cookie("example.org", true, "/a", false, false, 0, "host", "2"),
                new CookieJar.Cookie("example.org", true, "/a/", true, false, 0, "sec", "3")));
        assertEquals(expected, cookieFor(jar, url));
    }

    @Test
    void anExpiredCookieIsNotSent() {
        var jar = new CookieJar(List.of(new CookieJar.Cookie("h.example", true, "/", false, false, 1000, "old", "x")));
        assertEquals("", cookieFor(jar, "http://h.example/"));
        assertEquals(List.of(), jar.cookies());
    }

    @Test
    void aSetCookieIsSentBackToItsHostWithItsDefaultPath() {
        var jar = new CookieJar(List.of());
        jar.put(URI.create("http://h.example/dl/start"), Map.of("Set-Cookie", List.of("session=abc; HttpOnly")));
        assertEquals("session=abc", cookieFor(jar, "http://h.example/dl/file.bin"));
        assertEquals("", cookieFor(jar, "http://h.example/other"));
        assertEquals("", cookieFor(jar, "http://sub.h.example/dl/file.bin"));
    }

    @Test
    void aSetCookieForAParentDomainReachesItsSubdomains() {
        var jar = new CookieJar(List.of());
        jar.put(URI.create("http://login.example.org/"), Map.of("set-cookie", List.of("t=1; Domain=.example.org; Path=/")));
        assertEquals("t=1", cookieFor(jar, "http://cdn.example.org/x"));
    }

    @Test
    void aSetCookieForAnotherSitesDomainIsIgnored() {
        var jar = new CookieJar(List.of());
        jar.put(URI.create("http://evil.example/"), Map.of("Set-Cookie", List.of("t=1; Domain=bank.example; Path=/")));
        assertEquals(List.of(), jar.cookies());
    }

    @Test
    void aSetCookieThatExpiresDeletesTheCookie() {
        var jar = new CookieJar(List.of(new CookieJar.Cookie("h.example", true, "/", false, false, 0, "s", "1")));
        jar.put(URI.create("http://h.example/"), Map.of("Set-Cookie", List.of("s=gone; Path=/; Max-Age=0")));
        assertEquals("", cookieFor(jar, "http://h.example/"));
    }
}
