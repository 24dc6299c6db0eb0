package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.Batch;
import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.RetryPolicy;
import io.loomget.Settings;
import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.RangeServerExtension;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What someone else put in the output directory under the names loomget uses (a link, a FIFO) never
 * takes a download's bytes outside it, and never stops the run.
 */
@ExtendWith(RangeServerExtension.class)
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang is in a native open(), which no interrupt ends
class HostileOutputDirectoryTest {

    /** Larger than the first answer (2 × the split size): the download takes a part file lock. */
    private static final Content CONTENT = Content.generated(5_000, 8);

    @TempDir
    Path root;

    private Path out;
    private RangeServer server;

    @BeforeEach
    void startServer(RangeServer server) {
        out = root.resolve("out");
        this.server = server;
        server.add("/data.bin", CONTENT);
    }

    @Test
    void aFifoUnderTheLockFilesNameIsPassedOverWithoutHanging() throws Exception {
        Files.createDirectories(out);
        var fifo = out.resolve("data.bin.part.lock");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor(), "mkfifo");

        var result = run(DownloadRequest.of(server.uri("/data.bin")));

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result);
        assertEquals(out.resolve("data.1.bin"), downloaded.path());
        assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
        assertTrue(Files.exists(fifo), "the FIFO is someone else's");
    }

    @Test
    void aFileThatOnlyHasTheLockFilesNameIsNeitherEmptiedNorRemoved() throws Exception {
        // A server may name a download "data.bin.part.lock", and the next file of the list "data.bin".
        Files.createDirectories(out);
        var mine = out.resolve("data.bin.part.lock");
        Files.writeString(mine, "mine\n");

        var result = run(DownloadRequest.of(server.uri("/data.bin")));

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result);
        assertEquals(out.resolve("data.1.bin"), downloaded.path());
        assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
        assertEquals("mine\n", Files.readString(mine));
    }

    @Test
    void aFileThatOnlyHasTheStateFilesNameIsNeitherReplacedNorRemovedByADownloadThatFails() throws Exception {
        // Every answer cut short: the download fails with some bytes on disk, and records them for -c.
        server.behave("/data.bin", Behaviour.builder().truncateAfter(100).build());
        Files.createDirectories(out);
        var mine = out.resolve("data.bin.part.state");
        var mineToo = out.resolve("data.bin.part.state.tmp");
        Files.writeString(mine, "mine");
        Files.writeString(mineToo, "mine too");
        var settings = TestSettings.into(out).connectionsPerFile(3).minSplitSize(1000)
                .retry(new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1))).build();

        var result = new Batch(settings, DownloadListener.NONE).run(List.of(DownloadRequest.of(server.uri("/data.bin")))).getFirst();

        assertInstanceOf(FileResult.Failed.class, result);
        assertEquals("mine", Files.readString(mine));
        assertEquals("mine too", Files.readString(mineToo));
    }

    @Test
    void aSubDirectoryThatIsALinkOutOfTheOutputDirectoryIsNotWrittenThrough() throws Exception {
        Files.createDirectories(out);
        var elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Files.createSymbolicLink(out.resolve("sub"), elsewhere);

        var result = run(DownloadRequest.of(server.uri("/data.bin")).withOutPath("sub/deeper/data.bin"));

        var failed = assertInstanceOf(FileResult.Failed.class, result);
        assertEquals("cannot create directory " + out.resolve("sub/deeper") + ": " + out.resolve("sub")
                + ": a link, not a directory of the output directory; loomget does not follow it", failed.reason());
        try (var written = Files.list(elsewhere)) {
            assertEquals(List.of(), written.toList(), "written outside the output directory");
        }
    }

    @Test
    void aSubDirectoryOfItsOwnIsCreatedAndWrittenInto() throws Exception {
        var result = run(DownloadRequest.of(server.uri("/data.bin")).withOutPath("sub/deeper/data.bin"));

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result);
        assertEquals(out.resolve("sub/deeper/data.bin"), downloaded.path());
        assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
        assertFalse(Files.isSymbolicLink(out.resolve("sub")));
    }

    private FileResult run(DownloadRequest request) {
        return new Batch(settings(), DownloadListener.NONE).run(List.of(request)).getFirst();
    }

    private Settings settings() {
        return TestSettings.into(out).connectionsPerFile(3).minSplitSize(1000).build();
    }
}
