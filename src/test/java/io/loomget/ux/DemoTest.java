package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code loomget demo}: the offline demo runs the normal command against the built-in server and checks every file. */
@Timeout(120)
class DemoTest {

    @TempDir
    Path dir;

    @Test
    void downloadsEveryDemoFileThroughTheNormalCommandAndChecksItsDigest() throws IOException {
        var result = Cli.run("demo", "-d", dir.toString());

        assertEquals(0, result.exit(), result::all);
        assertTrue(result.out().contains("All 6 checksums match."), result::all);
        // The normal command's own report: one line per file and its summary.
        assertTrue(result.out().contains("6 downloaded, 0 not found, 0 failed"), result::all);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("demo-0.bin", "demo-1.bin", "demo-1048575.bin", "demo-10485763.bin",
                            "demo-1048577.bin", "demo-67108864.bin"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no part files, no lists left");
        }
        assertEquals(67108864, Files.size(dir.resolve("demo-67108864.bin")));
    }

    @Test
    void servesItsFilesForTheLaunchersStartUpCacheUntilStdinCloses() throws Exception {
        var links = dir.resolve("links.txt");
        var process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-preview", "-cp", System.getProperty("java.class.path"), "io.loomget.cli.Main",
                "demo", "--serve-only", links.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()))) {
            assertEquals("ready", out.readLine());
            var urls = Files.readAllLines(links);
            assertEquals(6 + 1_000, urls.size(), "the demo's files, then the small ones of the training");
            var client = java.net.http.HttpClient.newHttpClient();
            var big = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(urls.get(5))).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            assertEquals(200, big.statusCode());
            assertEquals("67108864", big.headers().firstValue("Content-Length").orElseThrow());

            process.getOutputStream().close();

            assertEquals(0, process.waitFor(), "exits when stdin closes");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void servesTheTrainingFilesOverTlsTooWhenGivenAKeyStore() throws Exception {
        var ca = io.loomget.testsupport.LocalCa.create(Files.createDirectories(dir.resolve("ca")), "training-ca");
        // The password is train-aot.sh's and DemoCommand's: the key store is made for one training run.
        var keyStore = ca.keyStore(ca.issue("server", "IP:127.0.0.1", false), "loomget-training");
        var links = dir.resolve("links.txt");
        var process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-preview", "-cp", System.getProperty("java.class.path"), "io.loomget.cli.Main",
                "demo", "--serve-only", links.toString(), "--serve-tls", keyStore.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()))) {
            assertEquals("ready", out.readLine());
            var urls = Files.readAllLines(links);
            assertEquals(6 + 1_000 + 2 + 300, urls.size(),
                    "plain: the demo's and 1,000 small; https: the demo's up to 64 KiB and 300 small");
            assertTrue(urls.subList(0, 1_006).stream().allMatch(u -> u.startsWith("http://127.0.0.1:")), urls::toString);
            var https = urls.subList(1_006, urls.size());
            assertTrue(https.stream().allMatch(u -> u.startsWith("https://127.0.0.1:")), https::toString);

            var trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (var in = Files.newInputStream(ca.certificate())) {
                trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificate(in));
            }
            var trustManagers = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
            trustManagers.init(trust);
            var tls = javax.net.ssl.SSLContext.getInstance("TLS");
            tls.init(null, trustManagers.getTrustManagers(), null);
            try (var client = java.net.http.HttpClient.newBuilder().sslContext(tls).build()) {
                var small = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(https.getLast())).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, small.statusCode());
                assertEquals(1024, small.body().length, "kept small: the training decrypts it uncompiled");
            }

            process.getOutputStream().close();

            assertEquals(0, process.waitFor(), "exits when stdin closes");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void runsOnPlatformThreadsWhenAsked() {
        var result = Cli.run("demo", "-d", dir.toString(), "--threads", "platform", "-x", "3");

        assertEquals(0, result.exit(), result::all);
        assertTrue(result.out().contains("All 6 checksums match."), result::all);
    }
}
