package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.loomget.internal.http.EnvironmentProxies;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which proxy {@link EnvironmentProxies} picks for a URL, as curl and wget read the environment. */
class EnvironmentProxiesTest {

    private static String select(ProxySelector selector, String url) {
        var proxies = selector.select(URI.create(url));
        assertEquals(1, proxies.size(), proxies::toString);
        var proxy = proxies.getFirst();
        if (proxy.type() == Proxy.Type.DIRECT) {
            return "DIRECT";
        }
        var address = (InetSocketAddress) proxy.address();
        return address.getHostString() + ":" + address.getPort();
    }

    @Test
    void nothingSetMeansNoSelector() {
        assertNull(EnvironmentProxies.from(null, Map.of("PATH", "/usr/bin")));
    }

    @Test
    void explicitProxyIsUsedForHttpAndHttps() {
        var selector = EnvironmentProxies.from("proxy.local:3128", Map.of());

        assertEquals("proxy.local:3128", select(selector, "http://example.com/a"));
        assertEquals("proxy.local:3128", select(selector, "https://example.com/a"));
    }

    @Test
    void explicitProxyWinsOverTheEnvironment() {
        var selector = EnvironmentProxies.from("http://explicit:1", Map.of("http_proxy", "http://env:2"));

        assertEquals("explicit:1", select(selector, "http://example.com/a"));
    }

    @Test
    void httpProxyServesOnlyHttpUrls() {
        var selector = EnvironmentProxies.from(null, Map.of("http_proxy", "http://p:8080"));

        assertEquals("p:8080", select(selector, "http://example.com/a"));
        assertEquals("DIRECT", select(selector, "https://example.com/a"));
    }

    @Test
    void httpsProxyServesOnlyHttpsUrls() {
        var selector = EnvironmentProxies.from(null, Map.of("https_proxy", "http://sp:8443"));

        assertEquals("sp:8443", select(selector, "https://example.com/a"));
        assertEquals("DIRECT", select(selector, "http://example.com/a"));
    }

    @Test
    void upperCaseHttpsProxyWorksToo() {
        var selector = EnvironmentProxies.from(null, Map.of("HTTPS_PROXY", "http://S:2"));

        assertEquals("S:2", select(selector, "https://example.com/a"));
    }

    @Test
    void upperCaseHttpProxyIsIgnoredAsCurlIgnoresIt() {
        var selector = EnvironmentProxies.from(null, Map.of("HTTP_PROXY", "http://P:1", "HTTPS_PROXY", "http://S:2"));

        assertEquals("DIRECT", select(selector, "http://example.com/a"), "a CGI program's HTTP_PROXY is a request's Proxy header");
    }

    @Test
    void lowerCaseVariableWinsOverUpperCase() {
        var selector = EnvironmentProxies.from(null, Map.of("http_proxy", "http://lower:1", "HTTP_PROXY", "http://upper:2"));

        assertEquals("lower:1", select(selector, "http://example.com/a"));
    }

    @Test
    void proxyWithoutPortUsesPort80() {
        var selector = EnvironmentProxies.from(null, Map.of("http_proxy", "http://p"));

        assertEquals("p:80", select(selector, "http://example.com/a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", ".example.com", "other.org,example.com", " other.org , example.com ", "EXAMPLE.COM"})
    void noProxyBypassesTheHostAndItsSubdomains(String noProxy) {
        var selector = EnvironmentProxies.from(null, Map.of("http_proxy", "http://p:1", "no_proxy", noProxy));

        assertEquals("DIRECT", select(selector, "http://example.com/a"));
        assertEquals("DIRECT", select(selector, "http://www.Example.com/a"));
        assertEquals("p:1", select(selector, "http://other.net/a"));
    }

    @Test
    void noProxyDoesNotMatchAMereSuffixOfTheName() {
        var selector = EnvironmentProxies.from(null, Map.of("http_proxy", "http://p:1", "no_proxy", "example.com"));

        assertEquals("p:1", select(selector, "http://badexample.com/a"));
    }

    @Test
    void noProxyStarBypassesEveryHost() {
        var selector = EnvironmentProxies.from(null, Map.of("http_proxy", "http://p:1", "no_proxy", "*"));

        assertEquals("DIRECT", select(selector, "http://anything.example/a"));
    }

    @Test
    void noProxyMatchesAnIpAddress() {
        var selector = EnvironmentProxies.from(null, Map.of("http_proxy", "http://p:1", "NO_PROXY", "127.0.0.1"));

        assertEquals("DIRECT", select(selector, "http://127.0.0.1:8080/a"));
        assertEquals("p:1", select(selector, "http://127.0.0.2:8080/a"));
    }

    @Test
    void noProxyAddressRangesBypassTheAddressesInThemAsCurlReadsThem() {
        // The usual corporate and container setting: the private networks stay off the proxy.
        var selector = EnvironmentProxies.from(null, Map.of("http_proxy", "http://p:1",
                "no_proxy", "10.0.0.0/8,172.16.0.0/12,127.0.0.0/8,fd00::/8,.svc"));

        assertEquals("DIRECT", select(selector, "http://10.20.30.40/a"));
        assertEquals("DIRECT", select(selector, "http://172.31.255.1:8080/a"));
        assertEquals("DIRECT", select(selector, "http://127.0.0.1:8080/a"));
        assertEquals("DIRECT", select(selector, "http://[fd12::1]/a"));
        assertEquals("p:1", select(selector, "http://172.32.0.1/a"), "outside 172.16.0.0/12");
        assertEquals("p:1", select(selector, "http://11.0.0.1/a"));
        assertEquals("p:1", select(selector, "http://[2001:db8::1]/a"));
        assertEquals("p:1", select(selector, "http://files.example.com/a"), "a name is never looked up for a range");
    }

    @Test
    void noProxyMatchesAnIpv6Literal() {
        var selector = EnvironmentProxies.from(null, Map.of("http_proxy", "http://p:1", "no_proxy", "::1"));

        assertEquals("DIRECT", select(selector, "http://[::1]:8080/a"));
    }

    @Test
    void noProxyAppliesToHttpsToo() {
        var selector = EnvironmentProxies.from(null, Map.of("https_proxy", "http://sp:1", "no_proxy", "internal"));

        assertEquals("DIRECT", select(selector, "https://files.internal/a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"socks5://p:1080", "https://p:443", "://nohost"})
    void proxyThatIsNotAnHttpUrlIsRefused(String proxy) {
        assertThrows(IllegalArgumentException.class, () -> EnvironmentProxies.from(proxy, Map.of()));
    }

    @Test
    void aProxyPortAbove65535IsRefusedWhenGiven() {
        var e = assertThrows(IllegalArgumentException.class, () -> EnvironmentProxies.from("http://127.0.0.1:99999", Map.of()));
        assertEquals("proxy port 99999 is out of range, in 'http://127.0.0.1:99999'", e.getMessage());
    }

    @Test
    void aLoginInAProxysUrlIsForThatProxyOnly() {
        var proxies = (EnvironmentProxies) EnvironmentProxies.from(null, Map.of(
                "https_proxy", "http://carol:p%40ss%3Aword@sp:1", "http_proxy", "http://p:2", "no_proxy", "internal"));
        var basic = "Basic " + java.util.Base64.getEncoder().encodeToString("carol:p@ss:word".getBytes());

        assertEquals(java.util.Optional.of(basic), proxies.authorization(URI.create("https://example.com/a")));
        assertEquals(java.util.Optional.empty(), proxies.authorization(URI.create("http://example.com/a")), "its proxy has none");
        assertEquals(java.util.Optional.empty(), proxies.authorization(URI.create("https://files.internal/a")), "goes direct");
    }

    @Test
    void selectorAlwaysAnswersOneChoice() {
        var selector = EnvironmentProxies.from(null, Map.of("http_proxy", "http://p:1"));

        assertEquals(List.of(Proxy.NO_PROXY), selector.select(URI.create("https://example.com/")));
    }
}
