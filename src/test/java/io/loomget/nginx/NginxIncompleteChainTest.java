package io.loomget.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.loomget.DownloadEvent;
import io.loomget.DownloadRequest;
import io.loomget.FailureReason;
import io.loomget.FileResult;
import io.loomget.ThreadKind;
import io.loomget.testsupport.LocalCa;
import io.loomget.testsupport.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nginx sending its certificate without the intermediate CA's that signed it, the user trusting the
 * root: refused at once, naming the intermediate as the issuer (the JDK fetches no missing certificate);
 * trusting the intermediate too downloads.
 */
class NginxIncompleteChainTest extends AgainstNginx {

    @TempDir
    static Path pki;
    private static LocalCa root;
    private static LocalCa intermediate;
    private static LocalCa.Issued server;

    private String sha;

    @BeforeAll
    static void makeCertificates() throws Exception {
        root = LocalCa.create(pki, "loomget test root CA");
        intermediate = root.intermediate(Files.createDirectories(pki.resolve("intermediate")), "loomget test intermediate CA");
        server = intermediate.issue("server", "IP:127.0.0.1", false);
    }

    @Override
    @BeforeEach
    void startNginx() throws IOException {
        nginx = NginxServer.start(serverDir, NginxOptions.DEFAULTS.withTls(
                new NginxOptions.Tls(server.certificate(), server.key(), null))); // the leaf alone
        sha = writeRandom(nginx.docroot().resolve("leaf.bin"), 64 * KiB, 9);
    }

    @Test
    void aServerThatLeavesOutItsIntermediateIsRefusedNamingTheIntermediate() {
        var result = run(settings(ThreadKind.VIRTUAL).caCertificate(root.certificate()),
                DownloadRequest.of(nginx.https("127.0.0.1", "leaf.bin"))).getFirst();

        var failed = assertInstanceOf(FileResult.Failed.class, result, result::toString);
        assertEquals("certificate not trusted (unknown issuer): pass --ca-certificate FILE with the CA that signed it"
                + " (issuer: CN=loomget test intermediate CA)", failed.reason());
        assertEquals(FailureReason.Kind.TLS_CERTIFICATE, failed.kind());
        assertEquals(List.of(), events.all.stream().filter(e -> e instanceof DownloadEvent.ProbeRetried).toList());
        assertEquals(List.of(), nginx.entries(), "no request crossed an unverified connection");
    }

    @Test
    void trustingTheIntermediateTooDownloadsExactly() throws IOException {
        var both = pki.resolve("root-and-intermediate.pem");
        Files.writeString(both, Files.readString(root.certificate()) + Files.readString(intermediate.certificate()));

        var results = run(settings(ThreadKind.VIRTUAL).caCertificate(both),
                DownloadRequest.of(nginx.https("127.0.0.1", "leaf.bin")));

        assertEquals(sha, Sha256.of(downloaded(results.getFirst()).path()));
    }
}
