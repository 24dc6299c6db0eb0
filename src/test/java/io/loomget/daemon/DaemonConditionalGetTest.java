package io.loomget.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomget.nginx.AccessLogEntry;
import io.loomget.nginx.NginxServer;
import io.loomget.testsupport.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * aria2's per-download {@code conditional-get} and {@code remote-time} over RPC, against nginx, which
 * sends Last-Modified and ETag and answers 304.
 */
class DaemonConditionalGetTest extends OnDaemon {

    private static final Instant SERVED_TIME = Instant.parse("2024-03-01T12:00:00Z");

    @TempDir
    Path serverDir;

    private NginxServer nginx;

    @BeforeEach
    void startNginx() throws IOException {
        nginx = NginxServer.start(serverDir);
    }

    @AfterEach
    void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    /** Serves {@code name}, 300 KiB of seeded bytes dated {@link #SERVED_TIME}; their SHA-256. */
    private String serve(String name, long seed) throws IOException {
        var bytes = new byte[300 << 10];
        new SplittableRandom(seed).nextBytes(bytes);
        var file = Files.write(nginx.docroot().resolve(name), bytes);
        Files.setLastModifiedTime(file, FileTime.from(SERVED_TIME));
        return Sha256.of(bytes);
    }

    private String addServed(String name, Map<String, Object> options) {
        return (String) rpc.call("aria2.addUri", List.of(nginx.files(name).toString()), options);
    }

    @Test
    void remoteTimeGivesTheFileTheServersTime() throws Exception {
        var sha = serve("dated.bin", 1);
        awaitStatus(addServed("dated.bin", Map.of("remote-time", "true")), "complete");
        assertEquals(sha, Sha256.of(dir.resolve("dated.bin")));
        assertEquals(FileTime.from(SERVED_TIME), Files.getLastModifiedTime(dir.resolve("dated.bin")));
    }

    @Test
    void aConditionalReAddOfAnUnchangedFileIsAnswered304AndKeepsTheFile() throws Exception {
        var sha = serve("same.bin", 2);
        awaitStatus(addServed("same.bin", Map.of("conditional-get", "true")), "complete");
        var kept = Files.getLastModifiedTime(dir.resolve("same.bin"));
        nginx.clearAccessLog();

        awaitStatus(addServed("same.bin", Map.of("conditional-get", "true")), "complete");

        var seen = nginx.awaitEntries(es -> !es.isEmpty(), Duration.ofSeconds(10));
        assertEquals(List.of(304), seen.stream().map(AccessLogEntry::status).toList(), seen::toString);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("same.bin")), files.toList(), "no second copy, no part file");
        }
        assertEquals(sha, Sha256.of(dir.resolve("same.bin")));
        assertEquals(kept, Files.getLastModifiedTime(dir.resolve("same.bin")));
    }
}
