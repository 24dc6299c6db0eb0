package io.loomget.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.server.Content;
import io.loomget.testsupport.Dirs;
import io.loomget.testsupport.LocalWireMock;
import io.loomget.testsupport.RangeResponses;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * https is verified exactly as the JDK's default context verifies it, although {@code Transport}
 * sets TLS up only at the first https connection: a trust store named by
 * {@code javax.net.ssl.trustStore} is honoured, a certificate no trusted authority signed is refused,
 * the host name is still checked, and a redirect to plain http is not followed. Certificates are
 * made per run with the JDK's own keytool; the servers are WireMock on https only.
 */
@Timeout(60)
class TlsTest {

    private static final String PATH = "/t.bin";
    private static final String NAME = "t.bin";
    private static final Content CONTENT = Content.generated(256 * 1024, 91);
    private static final String PASSWORD = "changeit-loomget";
    /** The trust-store properties a test may set; their previous values come back after each test. */
    private static final List<String> TRUST_PROPERTIES = List.of(
            "javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType");

    @TempDir
    static Path certificates;

    @TempDir
    Path dir;

    /** Certificate for IP:127.0.0.1 and DNS:localhost, and a trust store holding it. */
    private static Path rightKeys;
    private static Path rightTrust;
    /** Certificate for DNS:localhost only (no IP SAN), and a trust store holding it. */
    private static Path localhostOnlyTrust;

    private static WireMockServer https;
    private static WireMockServer localhostOnly;

    private final Map<String, String> savedProperties = new HashMap<>();

    @BeforeAll
    static void makeCertificatesAndServers() throws Exception {
        rightKeys = keyStore("right", "SAN=IP:127.0.0.1,DNS:localhost");
        rightTrust = trustStoreFor(rightKeys, "right");
        var localhostOnlyKeys = keyStore("localhost-only", "SAN=DNS:localhost");
        localhostOnlyTrust = trustStoreFor(localhostOnlyKeys, "localhost-only");
        https = httpsServer(rightKeys);
        localhostOnly = httpsServer(localhostOnlyKeys);
    }

    @AfterAll
    static void stopServers() {
        if (https != null) {
            https.stop();
        }
        if (localhostOnly != null) {
            localhostOnly.stop();
        }
    }

    @BeforeEach
    void stubTheFileAndSaveTrustProperties() {
        for (var server : List.of(https, localhostOnly)) {
            server.resetAll();
            server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/octet-stream")
                    .withHeader("ETag", "\"t-1\"")
                    .withBody(CONTENT.readAll())));
        }
        for (var name : TRUST_PROPERTIES) {
            savedProperties.put(name, System.getProperty(name));
        }
    }

    @AfterEach
    void restoreTrustProperties() {
        // Surefire runs every test class in this JVM: no later test may inherit our trust store.
        savedProperties.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    @Test
    void downloadsOverHttpsFromAServerTheTrustStoreTrusts() {
        trust(rightTrust);

        var result = download(uri(https, "127.0.0.1"));

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
        assertEquals(List.of(NAME), Dirs.names(dir));
        var ranges = https.findAll(getRequestedFor(urlPathEqualTo(PATH))).stream()
                .map(r -> r.getHeader("Range")).toList();
        assertTrue(ranges.size() > 1 && !ranges.contains(null), "several range requests: " + ranges);
    }

    @Test
    void refusesAServerCertificateNoTrustedAuthoritySigned() {
        // No trust-store property: the JDK's own CA certificates, which never signed this one.
        var result = download(uri(https, "127.0.0.1"));

        var failed = assertInstanceOf(FileResult.Failed.class, result, () -> "got " + result);
        // keytool's certificate is its own issuer: the line says so, naming it
        assertEquals("certificate not trusted (unknown issuer): pass --ca-certificate FILE with the CA that signed it"
                + " (self-signed: CN=loomget test right)", failed.reason());
        assertEquals(List.of(), Dirs.names(dir), "no file, no part file");
        assertEquals(0, https.getAllServeEvents().size(), "no request may cross an unverified connection");
    }

    @Test
    void refusesACertificateIssuedForAnotherHost() {
        // Trusted, but issued for DNS:localhost only, while the URL names 127.0.0.1.
        trust(localhostOnlyTrust);

        var result = download(uri(localhostOnly, "127.0.0.1"));

        var failed = assertInstanceOf(FileResult.Failed.class, result, () -> "got " + result);
        assertTrue(failed.reason().contains("No subject alternative names matching IP address 127.0.0.1"),
                failed.reason());
        assertEquals(List.of(), Dirs.names(dir), "no file, no part file");
        assertEquals(0, localhostOnly.getAllServeEvents().size(), "no request may cross an unverified connection");
    }

    @Test
    void neverFollowsARedirectFromHttpsToHttp() {
        trust(rightTrust);
        var plain = LocalWireMock.start();
        try {
            plain.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody(CONTENT.readAll())));
            https.stubFor(get(urlPathEqualTo(PATH)).atPriority(1).willReturn(aResponse().withStatus(302)
                    .withHeader("Location", "http://127.0.0.1:" + plain.port() + PATH)));

            var result = download(uri(https, "127.0.0.1"));

            // The JDK client hands the 302 back instead of following it; the engine fails the file and says why.
            var failed = assertInstanceOf(FileResult.Failed.class, result, () -> "got " + result);
            assertEquals("HTTP 302: redirect to http://127.0.0.1:" + plain.port() + PATH
                    + " not followed (from https to plain http)", failed.reason());
            assertEquals(0, plain.getAllServeEvents().size(), "the plain-http server was never asked");
            assertEquals(List.of(), Dirs.names(dir));
        } finally {
            plain.stop();
        }
    }

    private FileResult download(URI uri) {
        // 16 KiB splits of 256 KiB over 4 connections: several ranges, several handshakes.
        var settings = TestSettings.into(dir).connectionsPerFile(4).minSplitSize(16 * 1024).build();
        return Support.download(settings, DownloadRequest.of(uri));
    }

    private static URI uri(WireMockServer server, String host) {
        return URI.create("https://" + host + ":" + server.httpsPort() + PATH);
    }

    private static void trust(Path trustStore) {
        System.setProperty("javax.net.ssl.trustStore", trustStore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }

    /** https only, on an ephemeral port of 127.0.0.1, answering ranges; serves the key in {@code keys}. */
    private static WireMockServer httpsServer(Path keys) {
        var server = new WireMockServer(options()
                .httpDisabled(true)
                .dynamicHttpsPort()
                .bindAddress("127.0.0.1")
                .keystorePath(keys.toString())
                .keystoreType("PKCS12")
                .keystorePassword(PASSWORD)
                .keyManagerPassword(PASSWORD)
                .extensions(RangeResponses.everywhere()));
        server.start();
        return server;
    }

    /** A PKCS12 key store holding a new self-signed EC key pair with the given {@code SAN=...} extension. */
    private static Path keyStore(String name, String subjectAltNames) throws Exception {
        var store = certificates.resolve(name + "-keys.p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=loomget test " + name, "-validity", "2", "-ext", subjectAltNames,
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD);
        return store;
    }

    /**
     * A separate PKCS12 store holding only the certificate from {@code keys}: a trust anchor is a
     * trusted-certificate entry, not the key entry the server uses. Written with the KeyStore API
     * rather than keytool's -exportcert/-importcert: same store, two JVM starts (seconds) less.
     */
    private static Path trustStoreFor(Path keys, String name) throws Exception {
        var keyStore = KeyStore.getInstance(keys.toFile(), PASSWORD.toCharArray());
        var trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry(name, keyStore.getCertificate(name));
        var store = certificates.resolve(name + "-trust.p12");
        try (var out = Files.newOutputStream(store)) {
            trustStore.store(out, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // A short-lived tool: the quick-start JIT and GC make its JVM start cheaper.
        command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("keytool did not finish: " + command);
        }
        assertEquals(0, process.exitValue(), () -> "keytool " + String.join(" ", args) + ":\n" + output);
    }
}
