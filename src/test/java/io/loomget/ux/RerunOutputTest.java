package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.NumberedFiles;
import io.loomget.testsupport.RangeServerExtension;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's recipe, "run the same command again with {@code -c}", over a list whose files are all
 * done: every view says once per file that it is already complete, the summary counts them, nothing
 * is saved under a new name, and the exit status is 0.
 */
@Timeout(60)
@ExtendWith(RangeServerExtension.class)
class RerunOutputTest {

    private static final int FILES = 3;

    @TempDir
    Path dir;

    private List<URI> urls;

    @BeforeEach
    void serveTheFiles(RangeServer server) {
        urls = NumberedFiles.serve(server, FILES, i -> Content.generated(300_000 + i, 70 + i));
    }

    private Cli.Result run(String... options) {
        var args = new ArrayList<>(List.of("-d", dir.toString(), "-k", "64K"));
        args.addAll(List.of(options));
        urls.forEach(url -> args.add(url.toString()));
        return Cli.run(args);
    }

    @Test
    void aPlainLogSaysOncePerFileThatItIsAlreadyComplete() {
        assertEquals(0, run().exit());

        var again = run("-c");

        assertEquals(0, again.exit(), again::all);
        for (int i = 0; i < FILES; i++) {
            var name = "f" + i + ".bin";
            var lines = again.out().lines().filter(l -> l.contains(name)).toList();
            assertEquals(List.of("skip   " + name + "  " + io.loomget.cli.report.Units.bytes(300_000 + i) + "  already complete"),
                    lines, again::all);
        }
        assertTrue(again.out().contains("0 downloaded, 3 already complete, 0 not found, 0 failed"), again::all);
        assertEquals(List.of("f0.bin", "f1.bin", "f2.bin"), io.loomget.testsupport.Dirs.names(dir));
    }

    @Test
    void jsonHasASkippedEventPerFileAndCountsThemInTheSummary() {
        assertEquals(0, run().exit());

        var again = run("-c", "--json");

        assertEquals(0, again.exit(), again::all);
        var events = JsonLines.parse(again.out());
        var skipped = events.stream().filter(e -> "skipped".equals(e.get("event"))).toList();
        assertEquals(FILES, skipped.size(), again::all);
        assertEquals("already complete", skipped.getFirst().get("reason"));
        assertTrue(events.stream().noneMatch(e -> "started".equals(e.get("event")) || "finished".equals(e.get("event"))),
                again::all);
        var summary = events.getLast();
        assertEquals("summary", summary.get("event"));
        assertEquals(0L, summary.get("downloaded"));
        assertEquals((long) FILES, summary.get("already_complete"));
        assertEquals(0L, summary.get("bytes"));
    }
}
