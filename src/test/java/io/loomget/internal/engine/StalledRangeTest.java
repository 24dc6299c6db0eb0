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
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A range whose server sends a little and then hangs without closing does not hold its file until the
 * idle timeout: its rest is fetched again on a fresh connection from its first missing byte. The idle
 * timeout here is ten minutes, so that the file finishing at all shows the hedge did it.
 */
@Timeout(120) // a hang guard only: without the hedge the download waits the ten-minute idle timeout
class StalledRangeTest {

    private static final long MiB = 1 << 20;
    private static final long SIZE = 8 * MiB;
    private static final Content CONTENT = Content.generated(SIZE, 10);
    /** With the defaults (-x 8, -k 1 MiB, a 2 MiB probe) ranges start on every MiB from 2 MiB. */
    private static final long STALLED_RANGE = 3 * MiB;
    /** 5 % of that range arrives, then nothing. */
    private static final long DELIVERED = MiB / 20;

    @TempDir
    Path dir;

    private RangeServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRangeThatHangsAfterAFewBytesIsFetchedAgainFromItsFirstMissingByte() {
        server = RangeServer.builder().start().add("/stall.bin", CONTENT)
                .behave("/stall.bin", Behaviour.builder().stallWhenRangeStartsAt(STALLED_RANGE, DELIVERED).build());
        var settings = TestSettings.into(dir).idleTimeout(Duration.ofMinutes(10)).build();

        var result = new Batch(settings, DownloadListener.NONE).run(List.of(DownloadRequest.of(server.uri("/stall.bin"))));

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result.getFirst());
        assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
        var ranges = server.requests().stream().map(r -> r.rangeHeader()).toList();
        assertTrue(ranges.stream().anyMatch(r -> r != null && r.startsWith("bytes=" + (STALLED_RANGE + DELIVERED) + "-")),
                "the stalled range's rest was asked for from its first missing byte: " + ranges);
    }
}
