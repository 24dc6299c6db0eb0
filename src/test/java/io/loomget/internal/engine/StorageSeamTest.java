package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.internal.io.PartFile;
import io.loomget.internal.io.Storage;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine writes through a {@link Storage}: a disk that fills up can stand in for the real one
 * without a root-only tmpfs, and only the file that does not fit fails.
 */
@Timeout(60)
class StorageSeamTest {

    private static final int SIZE = 3 * 1024 * 1024;
    private static final byte[] CONTENT = new byte[SIZE];

    static {
        new Random(5).nextBytes(CONTENT);
    }

    @TempDir
    Path dir;

    @Test
    void aDiskThatFillsUpFailsOnlyTheFileThatDoesNotFitAndLeavesNothingUnderItsName() throws IOException {
        var transport = new InMemoryTransport(CONTENT, 0, 0);
        var full = new FullFor("big.bin", SIZE / 2);
        var settings = TestSettings.into(dir).connectionsPerFile(4).minSplitSize(512 * 1024).build();

        var results = new BatchRun(settings, DownloadListener.NONE, s -> transport, full).run(List.of(
                DownloadRequest.of(URI.create("http://in-memory.invalid/big.bin")),
                DownloadRequest.of(URI.create("http://in-memory.invalid/small.bin"))));

        var failed = assertInstanceOf(FileResult.Failed.class, results.get(0));
        assertTrue(failed.reason().contains("No space left on device"), failed.reason());
        var downloaded = assertInstanceOf(FileResult.Downloaded.class, results.get(1));
        assertEquals(Sha256.of(CONTENT), Sha256.of(downloaded.path()));
        assertFalse(Files.exists(dir.resolve("big.bin")), "a partial file under the final name");
    }

    /** The local disk, except that the part file of {@code name} takes no more than {@code room} bytes. */
    private record FullFor(String name, long room) implements Storage {

        @Override
        public PartFile create(Path target, long size) throws IOException {
            if (!target.getFileName().toString().equals(name)) {
                return Storage.DISK.create(target, size);
            }
            var written = new java.util.concurrent.atomic.AtomicLong();
            return PartFile.create(target, size, HookedWriters.of(buffer -> {
                if (written.addAndGet(buffer.remaining()) > room) {
                    throw new IOException("No space left on device");
                }
            }));
        }

        @Override
        public Optional<PartFile> existing(Path target, long size, long writtenEnd) throws IOException {
            return Storage.DISK.existing(target, size, writtenEnd);
        }
    }
}
