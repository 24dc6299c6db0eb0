package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.nginx.NginxOptions;
import io.loomget.nginx.NginxServer;
import io.loomget.server.Content;
import io.loomget.testsupport.LocalCa;
import io.loomget.testsupport.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A proxy that wants a login, given in its URL as curl and aria2 take it ({@code --proxy
 * http://user:password@host:port}, {@code http_proxy}, {@code https_proxy}): sent to the proxy as
 * {@code Proxy-Authorization}, for plain requests and for the {@code CONNECT} that opens an https tunnel.
 */
@Timeout(60)
class ProxyLoginTest extends OneFileBehindRelay {

    private static final String SECRET = "pr0xy-s3cret";
    private static final String PROXY_BASIC = "Basic " + Base64.getEncoder().encodeToString(("carol:" + SECRET).getBytes());

    @TempDir
    Path nginxDir;

    ProxyLoginTest() {
        super(Content.generated(900_000, 43));
    }

    private static String proxyUrl(HttpRelay proxy, String login) {
        return "http://" + login + "@127.0.0.1:" + proxy.port();
    }

    @Test
    void theLoginInTheProxyUrlGoesToTheProxyWithEveryRequest() throws Exception {
        try (var proxy = HttpRelay.forwardProxyWithLogin("carol:" + SECRET)) {
            var result = cli("--proxy", proxyUrl(proxy, "carol:" + SECRET), server.uri("/file.bin").toString());

            assertEquals(0, result.exit(), result::all);
            assertEquals(content.sha256Hex(), Sha256.of(dir.resolve("file.bin")));
            var seen = proxy.requests();
            assertTrue(seen.size() > 1, seen::toString);
            assertTrue(seen.stream().allMatch(r -> PROXY_BASIC.equals(r.header("Proxy-Authorization"))), seen::toString);
            assertFalse(result.all().contains(SECRET), result::all);
        }
    }

    @Test
    void theLoginInHttpsProxyOpensTheTunnelsOfAnHttpsDownload() throws Exception {
        // A process of its own: the JDK reads whether a tunnel may carry a Basic login once per JVM.
        var ca = LocalCa.create(Files.createDirectories(nginxDir.resolve("pki")), "proxy test CA");
        var certificate = ca.issue("server", "IP:127.0.0.1", false);
        try (var nginx = NginxServer.start(nginxDir, NginxOptions.DEFAULTS.withTls(
                     new NginxOptions.Tls(certificate.certificate(), certificate.key(), null)));
             var proxy = HttpRelay.forwardProxyWithLogin("carol:" + SECRET)) {
            var file = nginx.docroot().resolve("tunnel.bin");
            Files.write(file, content.readAll());

            var result = Subprocess.run(dir, Map.of("https_proxy", proxyUrl(proxy, "carol:" + SECRET)),
                    List.of("-q", "-d", dir.toString(), "-k", "128K", "-x", "4",
                            "--ca-certificate", ca.certificate().toString(), nginx.https("127.0.0.1", "tunnel.bin").toString()));

            assertEquals(0, result.exit(), result::all);
            assertEquals(content.sha256Hex(), Sha256.of(dir.resolve("tunnel.bin")));
            var seen = proxy.requests();
            assertFalse(seen.isEmpty(), "the proxy saw nothing");
            assertTrue(seen.stream().allMatch(r -> r.method().equals("CONNECT") && PROXY_BASIC.equals(r.header("Proxy-Authorization"))),
                    seen::toString);
        }
    }

    @Test
    void aProxyThatRefusesToOpenATunnelIsSaidInPlainWordsAtOnce() throws Exception {
        try (var proxy = HttpRelay.forwardProxyWithLogin("carol:" + SECRET)) {
            // No login: the proxy answers the CONNECT with 407, which the JDK hands back without a body.
            var result = cli("--proxy", "127.0.0.1:" + proxy.port(), "https://127.0.0.1:1/file.bin");

            assertEquals(1, result.exit(), result::all);
            assertTrue(result.err().contains("https://127.0.0.1:1/file.bin: HTTP 407 Proxy Authentication Required:"
                    + " the proxy wants a login it accepts; give it in the proxy's URL"), result::all);
            assertEquals(1, proxy.requests().size(), "one CONNECT, no retry: " + proxy.requests());
        }
    }

    @Test
    void aLoginTheProxyRefusesIsSaidAndNeverPrinted() throws Exception {
        try (var proxy = HttpRelay.forwardProxyWithLogin("carol:" + SECRET)) {
            var result = cli("--proxy", proxyUrl(proxy, "carol:wrong-" + SECRET), server.uri("/file.bin").toString());

            assertEquals(1, result.exit(), result::all);
            assertTrue(result.err().contains(": HTTP 407 Proxy Authentication Required: the proxy wants a login"), result::all);
            assertFalse(result.all().contains(SECRET), result::all);
        }
    }
}
