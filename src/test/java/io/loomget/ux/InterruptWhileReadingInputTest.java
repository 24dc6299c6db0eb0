package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.Poll;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -i -} waits for its next line as long as its producer keeps stdin open; a first Ctrl-C (or
 * SIGTERM) stops the run there, as it stops one that is downloading, with exit code 130.
 */
@Timeout(120)
class InterruptWhileReadingInputTest {

    @TempDir
    Path tmp;

    @Test
    void aSignalWhileStdinHasNoNextLineStopsTheRunAtOnceAndStartsNothingMore() throws Exception {
        try (var server = RangeServer.builder().start()) {
            server.add("/a.bin", Content.generated(10_000, 1));
            server.add("/b.bin", Content.generated(10_000, 2));
            var out = tmp.resolve("out");
            var run = Subprocess.start(tmp, List.of("-q", "-d", out.toString(), "-i", "-"));
            var stdin = run.process().getOutputStream();
            try {
                // a.bin's entry is complete once the next line starts; b.bin's waits for a line that never comes
                stdin.write((server.uri("/a.bin") + "\n" + server.uri("/b.bin") + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                Poll.until(Duration.ofSeconds(60), "a.bin downloaded", () -> Files.exists(out.resolve("a.bin")), done -> done);

                // SIGTERM, which loomget takes as Ctrl-C; not by Process.destroy(), which also closes stdin
                assertEquals(0, new ProcessBuilder("kill", "-TERM", String.valueOf(run.process().pid())).start().waitFor());

                assertTrue(run.process().waitFor(60, TimeUnit.SECONDS), "still waiting for input after the signal");
                assertEquals(130, run.process().exitValue(), run.stderr());
                assertEquals(List.of("/a.bin"), server.requests().stream().map(r -> r.path()).distinct().toList());
            } finally {
                run.process().destroyForcibly();
                stdin.close();
            }
        }
    }
}
