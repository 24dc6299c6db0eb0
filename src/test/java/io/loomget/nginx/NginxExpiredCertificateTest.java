package io.loomget.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadEvent;
import io.loomget.DownloadRequest;
import io.loomget.FailureReason;
import io.loomget.FileResult;
import io.loomget.ThreadKind;
import io.loomget.testsupport.LocalCa;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nginx serving a certificate of a trusted CA that expired: refused at once, saying when it expired. */
class NginxExpiredCertificateTest extends AgainstNginx {

    @TempDir
    static Path pki;
    private static LocalCa ca;
    private static LocalCa.Issued expired;

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = LocalCa.create(pki, "loomget test CA");
        expired = ca.issueExpired("expired", "IP:127.0.0.1");
    }

    @Override
    @BeforeEach
    void startNginx() throws IOException {
        nginx = NginxServer.start(serverDir, NginxOptions.DEFAULTS.withTls(
                new NginxOptions.Tls(expired.certificate(), expired.key(), null)));
        writeRandom(nginx.docroot().resolve("old.bin"), 64 * KiB, 5);
    }

    @Test
    void anExpiredCertificateFailsAtOnceSayingWhenItExpired() {
        var result = run(settings(ThreadKind.VIRTUAL).caCertificate(ca.certificate()),
                DownloadRequest.of(nginx.https("127.0.0.1", "old.bin"))).getFirst();

        var failed = assertInstanceOf(FileResult.Failed.class, result, result::toString);
        // The JDK writes the date in this JVM's time zone: 1 January 2021 UTC, or 31 December 2020 west of it
        assertTrue(failed.reason().matches("certificate expired \\(NotAfter: .* 202[01]\\): the server must renew it"),
                failed.reason());
        assertEquals(FailureReason.Kind.TLS_CERTIFICATE, failed.kind());
        assertEquals(List.of(), events.all.stream().filter(e -> e instanceof DownloadEvent.ProbeRetried).toList());
        assertEquals(List.of(), nginx.entries(), "no request crossed an unverified connection");
    }
}
