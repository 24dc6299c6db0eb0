package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.NumberedFiles;
import io.loomget.testsupport.RangeServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch asked to run wider than its heap allows still finishes: the connections in flight are
 * capped by the heap. (Uncapped, 600 slow responses at once on a 48 MiB heap ran the JVM out of
 * memory inside the HTTP client, whose selector thread died and left the run hung.) The cap is as
 * wide as the heap allows: such a run reads with the client's smaller buffers, so that a slot costs
 * less and the heap has more of them than its 64 KiB buffers would give.
 */
@Timeout(120)
class WideBatchTest {

    @RegisterExtension
    final RangeServerExtension servers = RangeServerExtension.latency(Duration.ofMillis(500));

    private static final int FILES = 600;

    @TempDir
    Path tmp;
    private RangeServer server;

    @BeforeEach
    void startASlowServer(RangeServer server) {
        // Slow answers (500 ms before the headers) keep many connections open at the same time.
        this.server = server;
        NumberedFiles.serve(server, FILES, i -> Content.generated(4096, i));
    }

    @Test
    void aRunAskingForMoreFilesAtOnceThanTheHeapHasConnectionsForSaysSoOnce() throws Exception {
        var links = tmp.resolve("links.txt");
        Files.writeString(links, IntStream.range(0, 200).mapToObj(i -> server.uri("/f" + i + ".bin").toString())
                .collect(Collectors.joining("\n")));

        var result = Subprocess.run(tmp, Map.of(), List.of("-Xmx48m"),
                List.of("-j", "200", "-i", links.toString(), "-d", tmp.resolve("out").toString()));

        assertEquals(0, result.exit(), result::all);
        // About 128 slots of 16 KiB buffers: the exact count follows the heap the JVM reports usable
        assertEquals(1, result.err().lines().filter(l -> l.matches(
                "loomget: note: -j 200: 1[23][0-9] connections at once fit the heap; the other files wait for one"))
                .count(), result::all);
    }

    @Test
    void aRunOfFewerFilesThanItsHeapHasConnectionsForSaysNothingAboutThem() throws Exception {
        var result = Subprocess.run(tmp, Map.of(), List.of("-Xmx48m"),
                List.of("-j", "600", server.uri("/f1.bin").toString(), server.uri("/f2.bin").toString(),
                        "-d", tmp.resolve("out").toString()));

        assertEquals(0, result.exit(), result::all);
        assertTrue(result.err().lines().noneMatch(l -> l.contains("connections at once")), result::all);
    }

    @Test
    void sixHundredFilesAtOnceOnA48MiBHeapAllArriveOverAsManyConnectionsAsTheHeapAllows() throws Exception {
        var links = tmp.resolve("links.txt");
        Files.writeString(links, IntStream.range(0, FILES).mapToObj(i -> server.uri("/f" + i + ".bin").toString())
                .collect(Collectors.joining("\n")));
        var out = tmp.resolve("out");

        var result = Subprocess.run(tmp, Map.of(), List.of("-Xmx48m"),
                List.of("-q", "-j", String.valueOf(FILES), "-i", links.toString(), "-d", out.toString()));

        assertEquals(0, result.exit(), result::all);
        assertTrue(result.out().contains(FILES + " downloaded, 0 not found, 0 failed"), result::all);
        for (int i = 0; i < FILES; i++) {
            assertEquals(Content.generated(4096, i).sha256Hex(), io.loomget.testsupport.Sha256.of(out.resolve("f" + i + ".bin")));
        }
        int peak = server.maxConcurrentRequests();
        assertTrue(peak < FILES, "capped below -j: " + peak);
        // 58 slots of 528 KiB with 64 KiB buffers; the run reads with 16 KiB ones and gets 128.
        assertTrue(peak > 58, "more connections than 64 KiB buffers leave slots for: " + peak);
    }
}
