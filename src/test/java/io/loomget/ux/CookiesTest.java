package io.loomget.ux;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.loomget.server.Content;
import io.loomget.testsupport.Sha256;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code --load-cookies} and {@code --save-cookies}: cookies.txt in, every request carries what matches, the jar out. */
@Timeout(60)
class CookiesTest extends OneFileBehindRelay {

    @RegisterExtension
    static WireMockExtension login = WireMockExtension.newInstance()
            .options(options().bindAddress("127.0.0.1").dynamicPort()).build();

    CookiesTest() {
        super(Content.generated(700_000, 51));
    }

    @Test
    void aLoadedCookieGoesWithEveryRangeOfItsHost() throws Exception {
        var cookies = Files.writeString(dir.resolve("cookies.txt"),
                "127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\tabc\nother.example\tFALSE\t/\tFALSE\t0\tnot\tmine\n");

        var result = cli("--load-cookies", cookies.toString(), relay.uri("/file.bin").toString());

        assertEquals(0, result.exit(), result::all);
        assertTrue(relay.requests().size() > 1, relay.requests()::toString);
        assertTrue(relay.requests().stream().allMatch(r -> "session=abc".equals(r.header("Cookie"))), relay.requests()::toString);
        assertEquals(content.sha256Hex(), Sha256.of(dir.resolve("file.bin")));
    }

    @Test
    void aCookieSetOnARedirectIsSentToWhereItLeadsAndSaved() throws Exception {
        login.stubFor(get(urlEqualTo("/start")).willReturn(aResponse().withStatus(302)
                .withHeader("Set-Cookie", "ticket=t1; Path=/; Max-Age=3600")
                .withHeader("Location", "/file.bin")));
        login.stubFor(get(urlEqualTo("/file.bin")).withHeader("Cookie", equalTo("ticket=t1"))
                .willReturn(aResponse().withStatus(200).withBody("the file")));
        var jar = dir.resolve("jar.txt");

        var result = cli("--save-cookies", jar.toString(), "-o", "got.bin", "http://127.0.0.1:" + login.getPort() + "/start");

        assertEquals(0, result.exit(), result::all);
        assertEquals("the file", Files.readString(dir.resolve("got.bin")));
        var saved = Files.readAllLines(jar).stream().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        assertEquals(1, saved.size(), saved::toString);
        assertTrue(saved.getFirst().startsWith("127.0.0.1\tFALSE\t/\tFALSE\t") && saved.getFirst().endsWith("\tticket\tt1"),
                saved::toString);
    }

    @Test
    void aMalformedLineIsReportedWithItsNumberAndTheRestAreUsed() throws Exception {
        var cookies = Files.writeString(dir.resolve("cookies.txt"), "# c\nbroken line\n127.0.0.1\tFALSE\t/\tFALSE\t0\ts\t1\n");

        var result = cli("--load-cookies", cookies.toString(), relay.uri("/file.bin").toString());

        assertEquals(0, result.exit(), result::all);
        assertTrue(result.err().contains("loomget: skipped cookie at " + cookies + ":2: expected 7 TAB-separated fields, found 1"),
                result::all);
        assertTrue(relay.requests().stream().allMatch(r -> "s=1".equals(r.header("Cookie"))), relay.requests()::toString);
    }

    @Test
    void aCookieFileThatCannotBeWrittenIsAUsageErrorBeforeAnyRequest() throws Exception {
        var inTheWay = Files.createDirectories(dir.resolve("jar.txt"));

        var result = cli("--save-cookies", inTheWay.toString(), relay.uri("/file.bin").toString());

        assertEquals(2, result.exit(), result::all);
        assertTrue(result.err().contains("--save-cookies: cannot write " + inTheWay + ": a directory is in the way"), result::all);
        assertEquals(List.of(), relay.requests());
    }

    @Test
    void aBrowsersOwnCookieDatabaseIsAUsageErrorThatSaysWhatItIs() throws Exception {
        // Chrome's "Cookies" and Firefox's "cookies.sqlite" are SQLite databases, not cookies.txt.
        var database = dir.resolve("Cookies");
        var bytes = new byte[4096];
        var header = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        System.arraycopy(header, 0, bytes, 0, header.length);
        bytes[header.length] = (byte) 0x90; // the page size's high byte: not UTF-8
        Files.write(database, bytes);

        var result = cli("--load-cookies", database.toString(), relay.uri("/file.bin").toString());

        assertEquals(2, result.exit(), result::all);
        assertTrue(result.err().contains("cannot read cookies from " + database + ": not a cookies.txt (Netscape format):"
                + " an SQLite database, a browser's own cookie store; export its cookies as cookies.txt"), result::all);
        assertEquals(List.of(), relay.requests());
    }

    @Test
    void anUnreadableCookieFileIsAUsageError() {
        var result = cli("--load-cookies", dir.resolve("missing.txt").toString(), relay.uri("/file.bin").toString());

        assertEquals(2, result.exit(), result::all);
        assertTrue(result.err().contains("cannot read " + dir.resolve("missing.txt")), result::all);
    }
}
