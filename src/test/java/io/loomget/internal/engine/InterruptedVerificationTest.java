package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.Checksum;
import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.internal.http.JdkTransport;
import io.loomget.internal.io.PartFile;
import io.loomget.internal.io.ResumeState;
import io.loomget.internal.io.Storage;
import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.RangeServerExtension;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C while a file's checksum is computed (seconds for a big file): the check stops at once, and
 * the file, every byte of it on disk, stays as a part file with a state that says it is complete, so
 * that {@code -c} checks it again without fetching anything. It was either committed after the whole
 * check (the JDK's digest ignored the interrupt) or thrown away (the native one's channel closed).
 */
@ExtendWith(RangeServerExtension.class)
@Timeout(60)
class InterruptedVerificationTest {

    /** Small enough (256 KiB at most) for the file's own thread to fetch its one range. */
    private static final Content CONTENT = Content.generated(200_000, 77);

    @TempDir
    Path dir;

    @Test
    void anInterruptWhileTheChecksumIsComputedKeepsTheCompleteFileForContinue(RangeServer server) throws Exception {
        server.add("/v.bin", CONTENT);
        var request = DownloadRequest.of(server.uri("/v.bin")).withChecksum(Checksum.parse("sha-256=" + CONTENT.sha256Hex()));
        // One range, fetched by the file's own thread (the probe brings it whole): when that range is over,
        // its thread is interrupted, as the run's cancel reaches it while the checksum is computed. The
        // results carry SHA-1, the digest hashed as the bytes come, so the SHA-256 check reads the file
        // back (as for any file fetched in ranges): the step an interrupt must stop.
        var settings = TestSettings.into(dir).connectionsPerFile(1).minSplitSize(1L << 20).digest("sha-1");

        var first = new BatchRun(settings.build(), DownloadListener.NONE, s -> new JdkTransport(BatchRun.transportOptions(s)),
                new InterruptedWhenComplete()).run(List.of(request)).getFirst();

        assertInstanceOf(FileResult.Cancelled.class, first, () -> "got " + first);
        Thread.interrupted(); // the run hands its interrupt back to its caller
        var target = dir.resolve("v.bin");
        assertFalse(Files.exists(target), "committed although the check did not finish");
        assertEquals(CONTENT.sha256Hex(), Sha256.of(PartFile.pathFor(target)), "the complete part file is gone");
        var state = ResumeState.read(ResumeState.pathFor(target));
        assertTrue(state.isPresent(), "no resume state beside the part file");
        assertEquals(CONTENT.size(), state.get().doneBytes(), "the state does not say the file is complete");

        assertTrue(server.awaitIdle(Duration.ofSeconds(2)));
        // Throttled, so that a file fetched again shows in the bytes sent: the whole of it would take 12 s.
        server.behave("/v.bin", Behaviour.builder().rate(16 * 1024).build());
        server.resetStats();
        var again = new BatchRun(settings.resume(true).build(), DownloadListener.NONE).run(List.of(request)).getFirst();

        var done = assertInstanceOf(FileResult.Downloaded.class, again, () -> "got " + again);
        assertEquals(target, done.path());
        assertEquals(CONTENT.sha256Hex(), Sha256.of(target));
        assertTrue(server.awaitIdle(Duration.ofSeconds(2)));
        // The probe alone, abandoned once its headers match the state: at most a slice of its body goes.
        assertEquals(1, server.requests().size(), server.requests()::toString);
        assertTrue(server.bytesSent() < CONTENT.size() / 2, "fetched again: " + server.bytesSent());
    }

    /** The local disk; closing the writer that completed a part file interrupts the thread that wrote it. */
    private static final class InterruptedWhenComplete implements Storage {

        @Override
        public PartFile create(Path target, long size) throws IOException {
            var written = new AtomicLong();
            return PartFile.create(target, size, path -> {
                var disk = PartFile.CHANNELS.open(path);
                return new PartFile.RangeWriter() {
                    @Override
                    public void write(ByteBuffer buffer, long position) throws IOException {
                        written.addAndGet(buffer.remaining());
                        disk.write(buffer, position);
                    }

                    @Override
                    public void close() throws IOException {
                        disk.close();
                        if (written.get() == CONTENT.size()) {
                            Thread.currentThread().interrupt(); // the range is over: the check comes next
                        }
                    }
                };
            });
        }

        @Override
        public Optional<PartFile> existing(Path target, long size, long writtenEnd) throws IOException {
            return Storage.DISK.existing(target, size, writtenEnd);
        }
    }
}
