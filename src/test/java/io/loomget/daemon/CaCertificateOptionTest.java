package io.loomget.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.loomget.nginx.NginxOptions;
import io.loomget.nginx.NginxServer;
import io.loomget.testsupport.LocalCa;
import io.loomget.testsupport.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ca-certificate} given to one download over RPC: that download trusts the CA of a private
 * https server (nginx, certificate for 127.0.0.1 from a {@link LocalCa}); the daemon, started without
 * it, and its other downloads do not.
 */
@Timeout(60)
class CaCertificateOptionTest {

    @TempDir
    static Path pki;
    private static LocalCa ca;
    private static LocalCa.Issued certificate;

    @TempDir
    Path serverDir;
    @TempDir
    Path dir;

    private NginxServer nginx;
    private RunningDaemon daemon;
    private RpcClient rpc;
    private String sha;

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = LocalCa.create(pki, "loomget rpc test CA");
        certificate = ca.issue("server", "IP:127.0.0.1", false);
    }

    @BeforeEach
    void start() throws Exception {
        nginx = NginxServer.start(serverDir, NginxOptions.DEFAULTS.withTls(
                new NginxOptions.Tls(certificate.certificate(), certificate.key(), null)));
        var bytes = new byte[300_000];
        new Random(7).nextBytes(bytes);
        Files.write(nginx.docroot().resolve("tls.bin"), bytes);
        sha = Sha256.of(nginx.docroot().resolve("tls.bin"));
        daemon = RunningDaemon.start(dir, "s3cret");
        rpc = daemon.client();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (daemon != null) {
            daemon.stop();
        }
        if (nginx != null) {
            nginx.close();
        }
    }

    private String add(Map<String, Object> options) {
        return (String) rpc.call("aria2.addUri", List.of(nginx.https("127.0.0.1", "tls.bin").toString()), options);
    }

    private Map<String, Object> awaitEnd(String gid) throws Exception {
        return io.loomget.testsupport.Poll.until(java.time.Duration.ofSeconds(30), gid + " ended",
                () -> rpc.struct("aria2.tellStatus", gid), s -> List.of("complete", "error").contains(s.get("status")));
    }

    @Test
    void aDownloadGivenTheCaCertificateTrustsItsServerAndCompletesExact() throws Exception {
        var gid = add(Map.of("ca-certificate", ca.certificate().toString(), "out", "trusted.bin"));

        assertEquals("complete", awaitEnd(gid).get("status"));
        assertEquals(sha, Sha256.of(dir.resolve("trusted.bin")));
        assertEquals(ca.certificate().toAbsolutePath().toString(),
                rpc.struct("aria2.getOption", gid).get("ca-certificate"));
    }

    @Test
    void theCaCertificateOfOneDownloadIsNotTrustedForAnother() throws Exception {
        assertEquals("complete", awaitEnd(add(Map.of("ca-certificate", ca.certificate().toString()))).get("status"));

        var other = awaitEnd(add(Map.of("out", "other.bin")));
        assertEquals("error", other.get("status"));
        assertEquals("certificate not trusted (unknown issuer): pass --ca-certificate FILE with the CA that signed it"
                + " (issuer: CN=loomget rpc test CA)", other.get("errorMessage"));
    }

    @Test
    void aCaCertificateThatIsNoPemFileIsRefusedWithAria2sOptionMessage() throws Exception {
        var notPem = Files.writeString(dir.resolve("not.pem"), "hello");
        for (var file : List.of(notPem.toString(), dir.resolve("missing.pem").toString())) {
            var e = assertThrows(RpcClient.Failure.class, () -> add(Map.of("ca-certificate", file)));
            assertEquals("We encountered a problem while processing the option '--ca-certificate'.", e.getMessage());
        }
        assertEquals(List.of(), rpc.list("aria2.tellWaiting", 0, 9), "nothing added");
    }

    @Test
    void changeGlobalOptionLeavesTheDaemonsCaCertificateAsAria2Does() throws Exception {
        assertEquals("OK", rpc.call("aria2.changeGlobalOption", Map.of("ca-certificate", ca.certificate().toString())));

        assertEquals("", rpc.struct("aria2.getGlobalOption").get("ca-certificate"));
        assertEquals("error", awaitEnd(add(Map.of())).get("status"));
    }
}
