package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.internal.io.Storage;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A range answer whose body is longer than its {@code Content-Range} (and whose {@code Content-Length}
 * counts the surplus) is not that range: none of its bytes may stay in the file (on a small heap a
 * range is asked for in several windows, so surplus bytes written would land on the next window's
 * offsets), and the file comes as one plain stream.
 */
@Timeout(60)
class SurplusBodyTest {

    private static final byte[] CONTENT = new Random(7).ints(8 * 1024 * 1024).collect(
            java.io.ByteArrayOutputStream::new, (out, b) -> out.write(b), (a, b) -> a.write(b.toByteArray(), 0, b.size()))
            .toByteArray();

    @TempDir
    Path dir;

    @Test
    void bytesPastTheAskedRangeAreNeverWrittenAndTheFileComesAsOneStream() {
        var transport = new InMemoryTransport(CONTENT, 0, 0, 100);
        var settings = TestSettings.into(dir).connectionsPerFile(2).minSplitSize(512 * 1024).build();
        // 24 MiB of heap: windows far smaller than the 4 MiB ranges.
        var hosts = HostLimiter.forHeap(settings.effectiveHostLimit(), 24L << 20, new SlotCost(64 * 1024));
        var run = new BatchRun(settings, DownloadListener.NONE, s -> transport, Storage.DISK, s -> hosts);

        var result = run.run(List.of(DownloadRequest.of(URI.create("http://in-memory.invalid/file.bin")))).getFirst();

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result);
        assertEquals(Sha256.of(CONTENT), Sha256.of(downloaded.path()), "surplus bytes were written into the file");
        assertTrue(transport.ranges().contains(null), "one plain GET after the ranges: " + transport.ranges());
    }
}
