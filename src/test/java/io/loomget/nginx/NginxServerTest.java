package io.loomget.nginx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.testsupport.Prerequisites;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** The harness itself: config rendering, start, the three locations, the access log, a clean stop. */
@Timeout(30)
class NginxServerTest {

    @TempDir
    Path dir;

    @Test
    void templateRendersWithoutPlaceholdersAndSwitchesItsOptionalLines() throws IOException {
        var template = NginxConfig.readTemplate();
        var echo = Optional.of(Path.of("/modules/ngx_http_echo_module.so"));

        var plain = directives(NginxConfig.render(template, dir, 12345, 0, "tok", NginxOptions.DEFAULTS,
                Optional.empty(), false));
        assertFalse(plain.contains("@@"), plain);
        assertFalse(plain.contains("#echo#") || plain.contains("#root#"), plain);
        assertFalse(plain.contains("load_module") || plain.contains("/slow/"), plain);
        assertFalse(plain.lines().anyMatch(l -> l.strip().startsWith("user ")), "no user directive unless root");
        assertFalse(plain.lines().anyMatch(l -> l.strip().startsWith("daemon") || l.strip().startsWith("master_process")),
                "those come from -g");
        assertTrue(plain.contains("listen 127.0.0.1:12345;"), plain);
        assertTrue(plain.contains("alias \"" + dir.resolve("docroot") + "/\";"), plain);
        assertTrue(plain.contains("limit_rate 256k;"), plain);
        assertTrue(plain.contains("pid \"" + dir + "/nginx.pid\";"), plain);

        var full = directives(NginxConfig.render(template, dir, 12345, 0, "tok",
                NginxOptions.DEFAULTS.withSlowLatency(Duration.ofMillis(1500)).withCapRate("1m"), echo, true));
        assertFalse(full.contains("@@") || full.contains("#echo#") || full.contains("#root#"), full);
        assertTrue(full.contains("load_module \"/modules/ngx_http_echo_module.so\";"), full);
        assertTrue(full.lines().anyMatch(l -> l.strip().matches("user \\S+ \\S+;")), full);
        assertTrue(full.contains("location ~ ^/slow/(?<slowpath>.*)$ {"), full);
        assertTrue(full.contains("echo_sleep 1.500;"), full);
        assertTrue(full.contains("limit_rate 1m;"), full);
    }

    /** The config without its comments. */
    private static String directives(String conf) {
        return conf.lines().filter(l -> !l.strip().startsWith("#")).collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void servesRangesLogsThemAndStopsWithoutTrace() throws Exception {
        long pid;
        int port;
        try (var nginx = NginxServer.start(dir);
             var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            pid = nginx.pid();
            port = nginx.port();
            assertTrue(nginx.isRunning());
            assertTrue(Files.exists(dir.resolve("nginx.pid")), "pid file inside the prefix");
            byte[] data = new byte[100_000];
            Arrays.fill(data, (byte) 'x');
            data[1000] = 'y';
            Files.write(nginx.docroot().resolve("d.bin"), data);

            var whole = client.send(HttpRequest.newBuilder(nginx.files("d.bin")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, whole.statusCode());
            assertArrayEquals(data, whole.body());

            var part = client.send(HttpRequest.newBuilder(nginx.capped("d.bin")).header("Range", "bytes=999-1001").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(206, part.statusCode());
            assertEquals("xyx", part.body());
            assertEquals("bytes 999-1001/100000", part.headers().firstValue("Content-Range").orElse(null));

            var missing = client.send(HttpRequest.newBuilder(nginx.files("nope.bin")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(404, missing.statusCode());

            var log = nginx.awaitEntries(es -> es.size() >= 3, Duration.ofSeconds(5));
            assertEquals(3, log.size(), "the readiness probe is not logged: " + log);
            assertEquals("GET /files/d.bin HTTP/1.1", log.get(0).request());
            assertEquals(200, log.get(0).status());
            assertEquals(100_000, log.get(0).bodyBytesSent());
            assertEquals(null, log.get(0).range());
            assertEquals("/capped/d.bin", log.get(1).path());
            assertEquals(206, log.get(1).status());
            assertEquals("bytes=999-1001", log.get(1).range());
            assertEquals(3, log.get(1).bodyBytesSent());
            assertEquals(404, log.get(2).status());
            assertEquals(log.get(0).connection(), log.get(1).connection(), "keep-alive: one connection");
            assertEquals(2, log.get(1).connectionRequests());
            assertEquals(3, nginx.accessLog().size());

            nginx.clearAccessLog();
            assertTrue(nginx.entries().isEmpty());
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "nginx process left behind");
        assertThrows(IOException.class, () -> {
            try (var s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            }
        }, "nothing listens after close");
    }

    @Test
    void twoInstancesRunSideBySideOnTheirOwnPorts(@TempDir Path other) throws Exception {
        try (var a = NginxServer.start(dir); var b = NginxServer.start(other)) {
            assertNotEquals(a.port(), b.port());
            Files.writeString(a.docroot().resolve("who"), "a");
            Files.writeString(b.docroot().resolve("who"), "b");
            try (var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                assertEquals("a", client.send(HttpRequest.newBuilder(a.files("who")).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body());
                assertEquals("b", client.send(HttpRequest.newBuilder(b.files("who")).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body());
            }
        }
    }

    @Test
    @Tag("timing") // the time taken is the behaviour
    void slowLocationDelaysTheFirstByteAndKeepsRanges() throws Exception {
        try (var nginx = NginxServer.start(dir, NginxOptions.DEFAULTS.withSlowLatency(Duration.ofMillis(400)));
             var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            Prerequisites.require("nginx's echo module (libnginx-mod-http-echo)", nginx.hasSlow());
            Files.writeString(nginx.docroot().resolve("s.txt"), "0123456789");
            long start = System.nanoTime();
            var response = client.send(HttpRequest.newBuilder(nginx.slow("s.txt")).header("Range", "bytes=2-4").build(),
                    HttpResponse.BodyHandlers.ofString());
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals(206, response.statusCode());
            assertEquals("234", response.body());
            assertTrue(millis >= 390, "echo_sleep 0.4 took only " + millis + " ms");
            var log = nginx.awaitEntries(es -> !es.isEmpty(), Duration.ofSeconds(5));
            assertEquals("/slow/s.txt", log.get(0).path());
            assertEquals("bytes=2-4", log.get(0).range());
        }
    }

    @Test
    void missingNginxIsSkippedLocallyButFailsOnCi() {
        var empty = NginxInstallation.findBinary(Map.of("PATH", dir.toString()), List.of(dir));
        assertEquals(Optional.empty(), empty);
        assertThrows(TestAbortedException.class, () -> NginxInstallation.require(empty, false));
        var onCi = assertThrows(AssertionError.class, () -> NginxInstallation.require(empty, true));
        assertTrue(onCi.getMessage().contains("CI=true"), onCi.getMessage());

        assertTrue(NginxInstallation.onCi("true"));
        assertTrue(NginxInstallation.onCi("TRUE"));
        assertFalse(NginxInstallation.onCi(null));
        assertFalse(NginxInstallation.onCi("false"));
    }

    @Test
    void withoutEchoThereIsNoSlowLocation() throws Exception {
        try (var nginx = NginxServer.start(dir, NginxOptions.DEFAULTS.withoutEcho())) {
            assertFalse(nginx.hasSlow());
            assertThrows(IllegalStateException.class, () -> nginx.slow("x"));
            assertFalse(Files.readString(dir.resolve("conf/nginx.conf")).contains("load_module"));
        }
    }
}
