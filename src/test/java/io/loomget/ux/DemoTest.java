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
    void runsOnPlatformThreadsWhenAsked() {
        var result = Cli.run("demo", "-d", dir.toString(), "--threads", "platform", "-x", "3");

        assertEquals(0, result.exit(), result::all);
        assertTrue(result.out().contains("All 6 checksums match."), result::all);
    }
}
