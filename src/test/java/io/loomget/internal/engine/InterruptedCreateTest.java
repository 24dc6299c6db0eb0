package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.internal.io.PartFile;
import io.loomget.internal.io.Storage;
import io.loomget.testsupport.TestSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interrupt (a cancelled run, a queue's pause or close) that lands while the part file is being
 * created is a cancellation, not a local write failure: the file channel reports it as a
 * {@link ClosedByInterruptException}, which must not be wrapped into a failure.
 */
@Timeout(60)
class InterruptedCreateTest {

    private static final byte[] CONTENT = new byte[3 * 1024 * 1024];

    static {
        new Random(7).nextBytes(CONTENT);
    }

    @TempDir
    Path dir;

    @Test
    void anInterruptWhileThePartFileIsCreatedEndsTheFileAsCancelled() {
        var transport = new InMemoryTransport(CONTENT, 0, 0);
        Storage interruptedOnCreate = new Storage() {
            @Override
            public PartFile create(Path target, long size) throws IOException {
                Thread.currentThread().interrupt(); // as a cancel arriving during the preallocation
                throw new ClosedByInterruptException();
            }

            @Override
            public Optional<PartFile> existing(Path target, long size, long writtenEnd) throws IOException {
                return Storage.DISK.existing(target, size, writtenEnd);
            }
        };
        var settings = TestSettings.into(dir).connectionsPerFile(4).minSplitSize(512 * 1024).build();

        var results = new BatchRun(settings, DownloadListener.NONE, s -> transport, interruptedOnCreate)
                .run(List.of(DownloadRequest.of(URI.create("http://in-memory.invalid/big.bin"))));

        assertInstanceOf(FileResult.Cancelled.class, results.get(0), results.get(0)::toString);
    }
}
