package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.Settings;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The response bytes a run holds are bounded by its window credit, whatever the disk does: every
 * body is read within a window reserved before it is asked for, so a disk that stops makes the
 * requests stop (back-pressure) instead of letting the HTTP client read ahead into the heap.
 */
@Timeout(120)
@ExtendWith(RangeServerExtension.class)
class MemoryBoundTest {

    private static final int FILES = 6;
    private static final int AT_ONCE = 3;
    private static final int CONNECTIONS_PER_FILE = 32;
    private static final long SIZE = 16L << 20;
    private static final long MIN_SPLIT = 128 << 10;
    /** A small heap: 16 connection slots, fewer than the run wants, and 2 MiB of windows when all are in use. */
    private static final long HEAP = 24L << 20;
    private static final SlotCost COST = new SlotCost(64 * 1024);

    @TempDir
    Path dir;

    @Test
    void whileTheDiskIsStalledTheRequestsAskForNoMoreThanTheWindowsAndTheRunCompletesOnceItResumes(
            RangeServer server) throws Exception {
        var urls = NumberedFiles.serve(server, FILES, i -> Content.generated(SIZE, i));
        Settings settings = TestSettings.into(dir).filesAtOnce(AT_ONCE).connectionsPerFile(CONNECTIONS_PER_FILE)
                .maxConnectionsPerHost(AT_ONCE * CONNECTIONS_PER_FILE).minSplitSize(MIN_SPLIT)
                .idleTimeout(Duration.ofSeconds(60)).build();
        var hosts = HostLimiter.forHeap(settings.effectiveHostLimit(), HEAP, COST);
        long credit = hosts.windows().available();
        var disk = new StallingDisk();
        var run = new BatchRun(settings, DownloadListener.NONE, s -> new JdkTransport(BatchRun.transportOptions(s)),
                disk, s -> hosts);

        disk.stall();
        var results = CompletableFuture.supplyAsync(() -> run.run(urls.stream().map(DownloadRequest::of).toList()));
        // Nothing is written while the disk is stalled, so no window comes back. Once every held slot
        // waits for the disk or for a window, and no further slot can be taken (all are held, or the
        // credit left cannot pay for one), nothing more can be asked for.
        int slots = COST.slots(HEAP);
        Poll.await("every connection waiting for the disk or for a window", Duration.ofSeconds(60),
                () -> disk.waiting() + hosts.windows().waiting() == hosts.inUse()
                        && (hosts.inUse() == slots || hosts.windows().available() < COST.inUse()));
        long asked = bytesAsked(server.rangesAsked());
        long windows = credit - hosts.inUse() * COST.inUse(); // what the slots in use leave for windows
        disk.resume();
        var outcomes = results.get();

        // The probes of the files in flight are asked for before their length (and so their window) is known.
        long bound = windows + AT_ONCE * 2 * MIN_SPLIT;
        assertTrue(asked <= bound, asked + " bytes asked of the server while the disk was stalled; bound " + bound);
        for (int i = 0; i < FILES; i++) {
            var downloaded = assertInstanceOf(FileResult.Downloaded.class, outcomes.get(i));
            assertEquals(server.content("/f" + i + ".bin").orElseThrow().sha256Hex(), Sha256.of(downloaded.path()));
        }
        assertEquals(credit, hosts.windows().available(), "every window given back after the run");
    }

    /** The bytes {@code Range} headers of the form {@code bytes=first-last} ask for. */
    private static long bytesAsked(List<String> ranges) {
        long sum = 0;
        for (var range : ranges) {
            var bounds = range.substring("bytes=".length()).split("-");
            sum += Math.min(Long.parseLong(bounds[1]), SIZE - 1) - Long.parseLong(bounds[0]) + 1;
        }
        return sum;
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
