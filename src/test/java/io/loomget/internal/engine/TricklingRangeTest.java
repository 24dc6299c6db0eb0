package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.Batch;
import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.RangeServerExtension;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A range whose server sends a little fast and then only a trickle, never falling silent, does not hold
 * its file at the default settings (no {@code --lowest-speed-limit}): its rest is raced on a fresh
 * connection, also when the file is one range. At 2,000 bytes a second the trickle would need more than
 * ten minutes, past this test's hang guard, so the file finishing shows the hedge did it.
 */
@Timeout(120)
@ExtendWith(RangeServerExtension.class)
class TricklingRangeTest {

    private static final long KiB = 1024;
    private static final long MiB = 1 << 20;
    private static final long TRICKLE = 2_000;

    @TempDir
    Path dir;

    private RangeServer server;

    @BeforeEach
    void serve(RangeServer server) {
        this.server = server;
    }

    @Test
    void aFileOfOneRangeThatTricklesAfterAFastStartIsFinishedOnAFreshConnection() {
        var content = Content.generated(3 * MiB / 2, 11);
        server.add("/one.bin", content)
                .behave("/one.bin", Behaviour.builder().trickleWhenRangeStartsAt(0, 5 * content.size() / 100, TRICKLE).build());
        var settings = TestSettings.into(dir).idleTimeout(Duration.ofMinutes(10)).build();

        var result = new Batch(settings, DownloadListener.NONE).run(List.of(DownloadRequest.of(server.uri("/one.bin"))));

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result.getFirst());
        assertEquals(content.sha256Hex(), Sha256.of(downloaded.path()));
        // The trickling first request may still be open at the server (it is logged once it ends).
        var hedges = rangeStarts("/one.bin").stream().filter(start -> start > 0).toList();
        assertEquals(1, hedges.size(), "one hedge: " + hedges);
        assertTrue(hedges.getFirst() >= 5 * content.size() / 100, "the hedge asked for the rest: " + hedges);
    }

    @Test
    void aTricklingRangeAmongFastSiblingsIsFinishedOnAFreshConnection() {
        var content = Content.generated(8 * MiB, 12);
        long trickling = 3 * MiB; // with the defaults (-x 8, -k 1 MiB, a 2 MiB probe) ranges start on every MiB
        server.add("/many.bin", content)
                .behave("/many.bin", Behaviour.builder().trickleWhenRangeStartsAt(trickling, 64 * KiB, TRICKLE).build());
        var settings = TestSettings.into(dir).idleTimeout(Duration.ofMinutes(10)).build();

        var result = new Batch(settings, DownloadListener.NONE).run(List.of(DownloadRequest.of(server.uri("/many.bin"))));

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result.getFirst());
        assertEquals(content.sha256Hex(), Sha256.of(downloaded.path()));
        assertTrue(rangeStarts("/many.bin").stream().anyMatch(start -> start > trickling && start < trickling + MiB),
                "the trickling range's rest was asked for: " + rangeStarts("/many.bin"));
    }

    @Test
    void aSteadilySlowFileIsNotHedged() {
        var content = Content.generated(384 * KiB, 13); // six seconds: twice the trickle rule's window
        server.add("/slow.bin", content)
                .behave("/slow.bin", Behaviour.builder().rate(64 * KiB).build());
        var settings = TestSettings.into(dir).build();

        var result = new Batch(settings, DownloadListener.NONE).run(List.of(DownloadRequest.of(server.uri("/slow.bin"))));

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result.getFirst());
        assertEquals(content.sha256Hex(), Sha256.of(downloaded.path()));
        assertEquals(List.of(0L), rangeStarts("/slow.bin"), "one request: a slow link is left alone");
    }

    private List<Long> rangeStarts(String path) {
        return server.requests().stream()
                .filter(r -> r.path().equals(path))
                .map(r -> r.rangeHeader() == null ? 0L : Long.parseLong(r.rangeHeader().replaceAll("bytes=(\\d+)-.*", "$1")))
                .toList();
    }
}
