package io.loomget.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.Batch;
import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.RangeServerExtension;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import io.loomget.testsupport.Tmpfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk is a local failure: the file that does not fit fails with a clear reason (no retry can
 * help), nothing is left under its name (a part file only with its resume state, for {@code -c}
 * once there is room), and the other files of the run are unaffected. The disk is
 * a 1 MiB tmpfs mounted for the test (root only; skipped elsewhere unless in CI).
 */
@ExtendWith(RangeServerExtension.class)
class DiskFullTest {

    @TempDir
    Path tmp;
    private Tmpfs disk;
    private RangeServer server;

    @BeforeEach
    void mountATinyDisk(RangeServer server) throws Exception {
        disk = Tmpfs.mount(Files.createDirectories(tmp.resolve("tiny")), "size=1m");
        this.server = server;
    }

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            disk.close();
        }
    }

    @Test
    void aFileThatDoesNotFitFailsAloneWithNoSpaceAndLeavesNothingBehind() throws IOException {
        var small = Content.generated(100_000, 1);
        var big = Content.generated(4L << 20, 2);
        server.add("/small.bin", small).add("/big.bin", big);
        var settings = TestSettings.into(disk.dir()).filesAtOnce(1).connectionsPerFile(4).minSplitSize(64 * 1024).build();

        var results = new Batch(settings, DownloadListener.NONE).run(List.of(
                DownloadRequest.of(server.uri("/small.bin")), DownloadRequest.of(server.uri("/big.bin"))));

        var ok = assertInstanceOf(FileResult.Downloaded.class, results.get(0));
        assertEquals(small.sha256Hex(), Sha256.of(ok.path()));
        var failed = assertInstanceOf(FileResult.Failed.class, results.get(1));
        assertTrue(failed.reason().contains("No space left"), failed.reason());
        assertEquals(io.loomget.FailureReason.Kind.DISK_FULL, failed.kind());
        assertFalse(Files.exists(disk.dir().resolve("big.bin")), "nothing under the final name");
        if (Files.exists(disk.dir().resolve("big.bin.part"))) {
            assertTrue(Files.exists(disk.dir().resolve("big.bin.part.state")), "a part file stays only when -c can resume it");
        }
    }

    @Test
    void aPartFileThatCannotBePreallocatedOnAFullDiskIsRemovedAndTheNextRunGetsTheName() throws IOException {
        var file = Content.generated(512 * 1024, 3);
        server.add("/file.bin", file);
        // Ranged (larger than the probe's window), so its part file is preallocated: the one byte at its end
        // needs a block, and a full disk has none.
        var settings = TestSettings.into(disk.dir()).connectionsPerFile(4).minSplitSize(64 * 1024).build();
        var filler = disk.dir().resolve("filler");
        fill(filler);

        var failed = assertInstanceOf(FileResult.Failed.class,
                new Batch(settings, DownloadListener.NONE).run(List.of(DownloadRequest.of(server.uri("/file.bin")))).getFirst());
        assertEquals(io.loomget.FailureReason.Kind.DISK_FULL, failed.kind(), failed.reason());
        assertFalse(Files.exists(disk.dir().resolve("file.bin.part")), "an empty part file without state was left behind");

        Files.delete(filler);
        var ok = assertInstanceOf(FileResult.Downloaded.class,
                new Batch(settings, DownloadListener.NONE).run(List.of(DownloadRequest.of(server.uri("/file.bin")))).getFirst());
        assertEquals(disk.dir().resolve("file.bin"), ok.path(), "the first run's leftover took the name");
        assertEquals(file.sha256Hex(), Sha256.of(ok.path()));
    }

    /** Writes {@code file} until the disk has no block left. */
    private static void fill(Path file) throws IOException {
        try (var out = Files.newOutputStream(file)) {
            var block = new byte[4096];
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }
}
