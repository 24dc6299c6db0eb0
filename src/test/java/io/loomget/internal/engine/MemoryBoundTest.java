package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.Settings;
import io.loomget.internal.http.BodyChunks;
import io.loomget.internal.http.JdkTransport;
import io.loomget.internal.io.PartFile;
import io.loomget.internal.io.Storage;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.NumberedFiles;
import io.loomget.testsupport.Poll;
import io.loomget.testsupport.RangeServerExtension;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The response bytes a run holds are bounded by its connections, one buffer each, whatever the
 * disk does: a disk that stops makes the readers stop (back-pressure), it never makes them queue.
 */
@Timeout(120)
@ExtendWith(RangeServerExtension.class)
class MemoryBoundTest {

    private static final int FILES = 6;
    private static final int AT_ONCE = 3;
    private static final int CONNECTIONS_PER_FILE = 32;
    private static final int CONNECTIONS = AT_ONCE * CONNECTIONS_PER_FILE;
    private static final long SIZE = 4L << 20;

    @TempDir
    Path dir;

    @Test
    void aStalledDiskHoldsAtMostOneBufferPerConnectionAndTheRunCompletesOnceItResumes(RangeServer server)
            throws Exception {
        var urls = NumberedFiles.serve(server, FILES, i -> Content.generated(SIZE, i));
        Settings settings = TestSettings.into(dir).filesAtOnce(AT_ONCE).connectionsPerFile(CONNECTIONS_PER_FILE)
                .maxConnectionsPerHost(CONNECTIONS).minSplitSize(SIZE / CONNECTIONS_PER_FILE / 2)
                .idleTimeout(Duration.ofSeconds(60)).build();
        var disk = new StallingDisk();
        var transport = new AtomicReference<JdkTransport>();
        var run = new BatchRun(settings, DownloadListener.NONE, s -> {
            transport.set(new JdkTransport(BatchRun.transportOptions(s)));
            return transport.get();
        }, disk);
        long bound = CONNECTIONS * (long) BodyChunks.BUFFER_SIZE;

        disk.stall();
        var results = CompletableFuture.supplyAsync(() -> run.run(urls.stream().map(DownloadRequest::of).toList()));
        Poll.await("every connection blocked on the stalled disk", Duration.ofSeconds(60),
                () -> disk.waiting() == CONNECTIONS);
        long heldWhileStalled = transport.get().buffered().held();
        disk.resume();
        var outcomes = results.get();

        assertTrue(heldWhileStalled <= bound, heldWhileStalled + " bytes held by " + CONNECTIONS
                + " stalled connections; bound " + bound);
        for (int i = 0; i < FILES; i++) {
            var downloaded = assertInstanceOf(FileResult.Downloaded.class, outcomes.get(i));
            assertEquals(server.content("/f" + i + ".bin").orElseThrow().sha256Hex(), Sha256.of(downloaded.path()));
        }
        long peak = transport.get().buffered().peak();
        assertTrue(peak <= bound, "peak " + peak + " bytes held; bound " + bound);
        assertEquals(0, transport.get().buffered().held(), "bytes still counted as held after the run");
    }

    /** The local disk, except that while it is stalled every write waits until it resumes. */
    private static final class StallingDisk implements Storage {

        private boolean stalled;
        private int waiting;

        synchronized void stall() {
            stalled = true;
        }

        synchronized void resume() {
            stalled = false;
            notifyAll();
        }

        /** Writes waiting for the disk to resume now. */
        synchronized int waiting() {
            return waiting;
        }

        private synchronized void awaitResumed() throws InterruptedIOException {
            waiting++;
            try {
                while (stalled) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the disk was stalled");
            } finally {
                waiting--;
            }
        }

        @Override
        public PartFile create(Path target, long size) throws IOException {
            return PartFile.create(target, size, HookedWriters.of(buffer -> awaitResumed()));
        }

        @Override
        public Optional<PartFile> existing(Path target, long size, long writtenEnd) throws IOException {
            return Storage.DISK.existing(target, size, writtenEnd);
        }
    }
}
