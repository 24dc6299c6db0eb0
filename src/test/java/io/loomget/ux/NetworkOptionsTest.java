package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.Sha256;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code -H}, {@code -U}, {@code --proxy} and the proxy environment, {@code --limit-rate},
 * {@code --http2}, seen from the other end of the wire: a relay in front of the {@link RangeServer}
 * (which does not keep request headers) records every request head, and a small forward proxy shows
 * which requests went through it.
 */
@Timeout(60)
class NetworkOptionsTest extends OneFileBehindRelay {

    NetworkOptionsTest() {
        super(Content.generated(900_000, 41));
    }

    private Cli.Result run(String... args) {
        var all = new ArrayList<>(List.of("-d", dir.resolve("out").toString(), "-k", "128K", "-x", "4", "--retry-wait", "0.01"));
        all.addAll(List.of(args));
        return Cli.run(all);
    }

    private void assertDownloaded(Cli.Result result) {
        assertEquals(0, result.exit(), result::all);
        assertEquals(content.sha256Hex(), Sha256.of(dir.resolve("out/file.bin")));
    }

    private List<HttpRelay.Request> requestsWithRanges() {
        var requests = relay.requests();
        assertTrue(requests.size() > 1, () -> "expected a probe and range requests: " + requests);
        return requests;
    }

    @Test
    void headerOptionIsSentWithEveryRequest() {
        var result = run("-H", "X-Token: abc 123", relay.uri("/file.bin").toString());

        assertDownloaded(result);
        assertTrue(requestsWithRanges().stream().allMatch(r -> "abc 123".equals(r.header("X-Token"))), relay.requests()::toString);
    }

    @Test
    void repeatedHeaderOptionsAreAllSent() {
        var result = run("-H", "X-One: 1", "--header", "X-Two: 2", relay.uri("/file.bin").toString());

        assertDownloaded(result);
        assertTrue(requestsWithRanges().stream().allMatch(r -> "1".equals(r.header("X-One")) && "2".equals(r.header("X-Two"))),
                relay.requests()::toString);
    }

    @Test
    void aHeaderGivenTwiceSendsBothValuesAsCurlDoes() {
        var result = run("-H", "X-Dup: 1", "-H", "x-dup: 2", relay.uri("/file.bin").toString());

        assertDownloaded(result);
        assertTrue(requestsWithRanges().stream().allMatch(r -> "1, 2".equals(r.header("X-Dup"))), relay.requests()::toString);
    }

    @Test
    void userAgentOptionReplacesTheDefaultOnEveryRequest() {
        var result = run("-U", "curl-ish/9.9 (test)", relay.uri("/file.bin").toString());

        assertDownloaded(result);
        assertTrue(requestsWithRanges().stream().allMatch(r -> "curl-ish/9.9 (test)".equals(r.header("User-Agent"))),
                relay.requests()::toString);
    }

    @Test
    void defaultUserAgentNamesLoomget() {
        var result = run(relay.uri("/file.bin").toString());

        assertDownloaded(result);
        assertTrue(requestsWithRanges().stream().allMatch(r -> r.header("User-Agent").startsWith("loomget/")),
                relay.requests()::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host: example.com", "Connection: close", "Content-Length: 5", "Upgrade: h2c"})
    void restrictedHeaderIsAUsageError(String header) {
        var result = run("-H", header, relay.uri("/file.bin").toString());

        assertEquals(2, result.exit(), result::all);
        assertTrue(result.err().contains(header.substring(0, header.indexOf(':'))), result::all);
        assertTrue(relay.requests().isEmpty(), relay.requests()::toString);
        assertFalse(Files.exists(dir.resolve("out")), "usage error, yet the output directory was made");
    }

    @Test
    void headerWithoutColonIsAUsageError() {
        var result = run("-H", "X-Token abc", relay.uri("/file.bin").toString());

        assertEquals(2, result.exit(), result::all);
        assertTrue(result.err().contains("X-Token abc"), result::all);
    }

    @Test
    void proxyOptionSendsEveryRequestThroughTheProxy() throws Exception {
        try (var proxy = HttpRelay.forwardProxy()) {
            var result = run("--proxy", "127.0.0.1:" + proxy.port(), server.uri("/file.bin").toString());

            assertDownloaded(result);
            var seen = proxy.requests();
            assertTrue(seen.size() > 1, seen::toString);
            assertTrue(seen.stream().allMatch(r -> r.target().equals(server.uri("/file.bin").toString())), seen::toString);
            assertEquals(seen.size(), server.requests().size(), "every request the server got came through the proxy");
        }
    }

    @Test
    void proxyOptionAcceptsAnHttpUrl() throws Exception {
        try (var proxy = HttpRelay.forwardProxy()) {
            var result = run("--proxy", "http://127.0.0.1:" + proxy.port(), server.uri("/file.bin").toString());

            assertDownloaded(result);
            assertFalse(proxy.requests().isEmpty());
        }
    }

    @Test
    void aProxyThatRefusesIsTheOneNamedInTheFailure() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort(); // free again once closed: nothing listens there
        }

        var result = run("--proxy", "127.0.0.1:" + closed, "--retries", "0", server.uri("/file.bin").toString());

        assertEquals(1, result.exit(), result::all);
        assertTrue(result.err().contains(server.uri("/file.bin") + ": cannot connect to proxy 127.0.0.1:" + closed
                + ": connection refused"), result::all);
        assertEquals(List.of(), server.requests());
    }

    @Test
    void proxyThatIsNotHttpIsAUsageError() {
        var result = run("--proxy", "socks5://127.0.0.1:1080", server.uri("/file.bin").toString());

        assertEquals(2, result.exit(), result::all);
        assertTrue(result.err().contains("--proxy"), result::all);
    }

    @Test
    void httpProxyEnvironmentVariableSendsRequestsThroughTheProxy() throws Exception {
        try (var proxy = HttpRelay.forwardProxy()) {
            var result = Subprocess.run(dir, Map.of("http_proxy", "http://127.0.0.1:" + proxy.port()),
                    List.of("-q", "-d", dir.resolve("out").toString(), "-k", "128K", server.uri("/file.bin").toString()));

            assertDownloaded(result);
            assertFalse(proxy.requests().isEmpty(), "the proxy saw nothing");
            assertEquals(proxy.requests().size(), server.requests().size());
        }
    }

    @Test
    void aProxyVariableThatIsNotAnHttpUrlIsOneLineNamingTheVariable() throws Exception {
        var result = Subprocess.run(dir, Map.of("http_proxy", "socks5://127.0.0.1:1080"),
                List.of("-q", "-d", dir.resolve("out").toString(), server.uri("/file.bin").toString()));

        assertEquals(1, result.exit(), result::all);
        assertEquals(List.of("loomget: http_proxy in the environment: proxy must look like http://host:port, got"
                + " 'socks5://127.0.0.1:1080'"), result.errLines(), result::all);
        assertTrue(server.requests().isEmpty(), "nothing was requested");
    }

    @Test
    void noProxyEnvironmentVariableBypassesTheProxy() throws Exception {
        try (var proxy = HttpRelay.forwardProxy()) {
            var result = Subprocess.run(dir, Map.of("http_proxy", "http://127.0.0.1:" + proxy.port(), "no_proxy", "localhost,127.0.0.1"),
                    List.of("-q", "-d", dir.resolve("out").toString(), "-k", "128K", server.uri("/file.bin").toString()));

            assertDownloaded(result);
            assertTrue(proxy.requests().isEmpty(), proxy.requests()::toString);
        }
    }

    @Test
    void noProxyAddressRangeBypassesTheProxy() throws Exception {
        try (var proxy = HttpRelay.forwardProxy()) {
            var result = Subprocess.run(dir, Map.of("http_proxy", "http://127.0.0.1:" + proxy.port(), "no_proxy", "127.0.0.0/8"),
                    List.of("-q", "-d", dir.resolve("out").toString(), "-k", "128K", server.uri("/file.bin").toString()));

            assertDownloaded(result);
            assertTrue(proxy.requests().isEmpty(), proxy.requests()::toString);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1M", "4M", "3000000"})
    void limitRateStillDownloadsTheFileCorrectly(String rate) {
        var result = run("--limit-rate", rate, server.uri("/file.bin").toString());

        assertDownloaded(result);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0K", "0.0M"})
    void limitRateZeroMeansNoLimitAsCurlWgetAndAria2ReadIt(String zero) {
        var result = run("--limit-rate", zero, server.uri("/file.bin").toString());

        assertDownloaded(result);
    }

    @Test
    void limitRateThatIsNotASizeIsAUsageError() {
        var result = run("--limit-rate", "fast", server.uri("/file.bin").toString());

        assertEquals(2, result.exit(), result::all);
        assertTrue(result.err().contains("--limit-rate"), result::all);
    }

    @Test
    void http2OptionStillDownloadsFromAnHttp11Server() {
        var result = run("--http2", server.uri("/file.bin").toString());

        assertDownloaded(result);
    }
}
