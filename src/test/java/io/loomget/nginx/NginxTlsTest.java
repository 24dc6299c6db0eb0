package io.loomget.nginx;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadEvent;
import io.loomget.DownloadRequest;
import io.loomget.FailureReason;
import io.loomget.FileResult;
import io.loomget.ThreadKind;
import io.loomget.testsupport.LocalCa;
import io.loomget.testsupport.LocalWireMock;
import io.loomget.testsupport.Poll;
import io.loomget.testsupport.Sha256;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https from nginx with a certificate of a private CA made at test time with openssl: trusted through
 * {@code --ca-certificate}, or refused at once in plain words (one handshake, no retry); and client
 * certificates for a server that requires them ({@code ssl_verify_client on}).
 */
class NginxTlsTest extends AgainstNginx {

    private static final long SIZE = 3L * MiB;

    @TempDir
    static Path pki;
    private static LocalCa ca;
    private static LocalCa.Issued server;
    private static LocalCa.Issued client;
    private static LocalCa.Issued stranger;

    private String sha;

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = LocalCa.create(pki, "loomget test CA");
        server = ca.issue("server", "IP:127.0.0.1", false); // for 127.0.0.1 only: "localhost" is another name
        client = ca.issue("client", "DNS:client.test", true);
        stranger = LocalCa.create(Files.createDirectories(pki.resolve("other")), "another CA")
                .issue("stranger", "DNS:client.test", true);
    }

    @Override
    @BeforeEach
    void startNginx() throws IOException {
        nginx = NginxServer.start(serverDir, NginxOptions.DEFAULTS.withTls(
                new NginxOptions.Tls(server.certificate(), server.key(), ca.certificate())));
        sha = writeRandom(nginx.docroot().resolve("tls.bin"), SIZE, 17);
    }

    @Test
    void downloadsExactlyWhenTheCaIsTrustedThroughTheOption() {
        var results = run(settings(ThreadKind.VIRTUAL).connectionsPerFile(4).minSplitSize(256 * KiB)
                        .caCertificate(ca.certificate()).certificate(client.certificate()).privateKey(client.key()),
                DownloadRequest.of(nginx.https("127.0.0.1", "tls.bin")));

        var done = downloaded(results.getFirst());
        assertEquals(sha, Sha256.of(done.path()));
        assertTrue(awaitRangeRequests("/files/tls.bin", 4).size() >= 4, "split over several TLS connections");
        events.assertNoRetriesOrFallbacks();
    }

    @Test
    void anUntrustedCertificateFailsAtOnceInPlainWordsNamingItsIssuerAfterOneHandshake() throws Exception {
        var result = run(settings(ThreadKind.VIRTUAL), DownloadRequest.of(nginx.https("127.0.0.1", "tls.bin")))
                .getFirst();

        var failed = assertInstanceOf(FileResult.Failed.class, result, result::toString);
        assertEquals("certificate not trusted (unknown issuer): pass --ca-certificate FILE with the CA that signed it"
                + " (issuer: CN=loomget test CA)", failed.reason());
        assertEquals(FailureReason.Kind.TLS_CERTIFICATE, failed.kind());
        assertOneFailedHandshakeAndNoRetry();
    }

    @Test
    void aCertificateThatFailsAfterARedirectNamesTheUrlItFailedAt() throws Exception {
        var target = nginx.https("127.0.0.1", "tls.bin");
        var plain = LocalWireMock.start();
        try {
            plain.stubFor(get(urlPathEqualTo("/download")).willReturn(aResponse().withStatus(302)
                    .withHeader("Location", target.toString())));

            var result = run(settings(ThreadKind.VIRTUAL), DownloadRequest.of(URI.create(plain.baseUrl() + "/download")))
                    .getFirst();

            var failed = assertInstanceOf(FileResult.Failed.class, result, result::toString);
            assertEquals("certificate not trusted (unknown issuer): pass --ca-certificate FILE with the CA that signed it"
                    + " (issuer: CN=loomget test CA) (after a redirect to " + target + ")", failed.reason());
            assertEquals(FailureReason.Kind.TLS_CERTIFICATE, failed.kind());
            assertOneFailedHandshakeAndNoRetry();
        } finally {
            plain.stop();
        }
    }

    @Test
    void aCertificateForAnotherHostNameFailsAtOnce() throws Exception {
        var result = run(settings(ThreadKind.VIRTUAL).caCertificate(ca.certificate()),
                DownloadRequest.of(nginx.https("localhost", "tls.bin"))).getFirst();

        var failed = assertInstanceOf(FileResult.Failed.class, result, result::toString);
        assertTrue(failed.reason().startsWith("certificate is for another host name (No name matching localhost"),
                failed.reason());
        assertEquals(FailureReason.Kind.TLS_CERTIFICATE, failed.kind());
        assertOneFailedHandshakeAndNoRetry();
    }

    @Test
    void insecureAcceptsACertificateOfAnUnknownIssuerForAnotherHostName() {
        var results = run(settings(ThreadKind.VIRTUAL).insecure(true)
                        .certificate(client.certificate()).privateKey(client.key()),
                DownloadRequest.of(nginx.https("localhost", "tls.bin")));

        assertEquals(sha, Sha256.of(downloaded(results.getFirst()).path()));
    }

    @Test
    void aServerThatRequiresAClientCertificateRefusesARunWithoutOneClearlyAndOnce() {
        var result = run(settings(ThreadKind.VIRTUAL).caCertificate(ca.certificate()),
                DownloadRequest.of(nginx.https("127.0.0.1", "tls.bin"))).getFirst();

        var failed = assertInstanceOf(FileResult.Failed.class, result, result::toString);
        assertEquals(new FailureReason.HttpStatus(400), failed.kind());
        assertEquals("HTTP 400 Bad Request: the server asked for a client certificate and got none;"
                + " pass --certificate FILE --private-key FILE", failed.reason());
        assertEquals(1, nginx.awaitEntries(es -> !es.isEmpty(), LOG_WAIT).size(), "one request, no retry");
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefusedClearly() {
        var result = run(settings(ThreadKind.VIRTUAL).caCertificate(ca.certificate())
                        .certificate(stranger.certificate()).privateKey(stranger.key()),
                DownloadRequest.of(nginx.https("127.0.0.1", "tls.bin"))).getFirst();

        var failed = assertInstanceOf(FileResult.Failed.class, result, result::toString);
        assertEquals(new FailureReason.HttpStatus(400), failed.kind());
        assertTrue(failed.reason().startsWith("HTTP 400 Bad Request: the server did not accept the client certificate"),
                failed.reason());
    }

    @Test
    void aKeyAndCertificateInOneFileNeedNoPrivateKeyOption() throws IOException {
        var both = pki.resolve("client-and-key.pem");
        Files.writeString(both, Files.readString(client.certificate()) + Files.readString(client.key()));

        var results = run(settings(ThreadKind.VIRTUAL).caCertificate(ca.certificate()).certificate(both),
                DownloadRequest.of(nginx.https("127.0.0.1", "tls.bin")));

        assertEquals(sha, Sha256.of(downloaded(results.getFirst()).path()));
    }

    private static boolean isFailedHandshake(String errorLogLine) {
        return errorLogLine.contains("while SSL handshaking");
    }

    /** nginx logs each failed handshake; the engine reported no retry of the probe. */
    private void assertOneFailedHandshakeAndNoRetry() throws Exception {
        var handshakes = Poll.until(LOG_WAIT, "nginx logs the failed handshake", nginx::errorLog,
                lines -> lines.stream().anyMatch(NginxTlsTest::isFailedHandshake))
                .stream().filter(NginxTlsTest::isFailedHandshake).toList();
        assertEquals(1, handshakes.size(), () -> "one connection attempt, no retry:\n" + String.join("\n", handshakes));
        assertEquals(List.of(), events.all.stream().filter(e -> e instanceof DownloadEvent.ProbeRetried).toList());
        assertEquals(List.of(), nginx.entries(), "no request crossed an unverified connection");
    }
}
