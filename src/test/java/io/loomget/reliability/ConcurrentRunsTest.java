package io.loomget.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadEvent;
import io.loomget.DownloadRequest;
import io.loomget.FailureReason;
import io.loomget.FileResult;
import io.loomget.RetryPolicy;
import io.loomget.Settings;
import io.loomget.internal.io.PartFile;
import io.loomget.internal.io.ResumeState;
import io.loomget.server.Content;
import io.loomget.testsupport.Dirs;
import io.loomget.testsupport.LockingProcess;
import io.loomget.testsupport.OnRangeServer;
import io.loomget.testsupport.Sha256;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two loomget runs on one output directory at once (two {@code loomget -c} on one list, a cron run
 * that overlaps the last one): a part file another run is writing is never written, removed or
 * continued by this one. The other run is a process of its own that holds the part file's lock as
 * a running loomget does; each test reads its "locked" before it starts its own download.
 */
class ConcurrentRunsTest extends OnRangeServer {

    private static final String PATH = "/big.bin";
    private static final long SIZE = 4L << 20;
    private static final Content CONTENT = Content.generated(SIZE, 4004);
    private static final String BUSY = "big.bin.part is being written by another loomget run downloading this URL;"
            + " not downloading it twice (run -c again once that run is over)";

    private Path target;

    @BeforeEach
    void serveTheFile() {
        server.add(PATH, CONTENT);
        target = dir.resolve("big.bin");
    }

    private Settings settings(boolean resume) {
        return Settings.builder()
                .outputDir(dir)
                .connectionsPerFile(4)
                .minSplitSize(256 * 1024)
                .retry(new RetryPolicy(1, Duration.ofMillis(5), Duration.ofMillis(20)))
                .resume(resume)
                .build();
    }

    private FileResult download(boolean resume) {
        return Support.download(settings(resume), DownloadRequest.of(server.uri(PATH)), events);
    }

    /** What the other run has written so far: the first quarter, and a state that says so when {@code withState}. */
    private void partWrittenByTheOtherRun(boolean withState) throws Exception {
        Files.write(PartFile.pathFor(target), Arrays.copyOf(CONTENT.readAll(), (int) SIZE / 4));
        if (withState) {
            new ResumeState(server.uri(PATH).toString(), SIZE, etag(), List.of(new long[] {0, SIZE / 4}))
                    .write(ResumeState.pathFor(target));
        }
    }

    /** The server's validator for the file, as the other run recorded it. */
    private String etag() throws Exception {
        try (var http = HttpClient.newHttpClient()) {
            var head = http.send(HttpRequest.newBuilder(server.uri(PATH)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.discarding());
            assertTrue(server.awaitIdle(Duration.ofSeconds(2)));
            server.resetStats();
            return head.headers().firstValue("ETag").orElseThrow();
        }
    }

    @Test
    void continueFailsAUrlWhosePartFileAnotherRunIsWritingAndLeavesItAlone() throws Exception {
        partWrittenByTheOtherRun(true);
        var before = Sha256.of(PartFile.pathFor(target));
        var stateBefore = Files.readString(ResumeState.pathFor(target));
        try (var other = LockingProcess.lock(target, server.uri(PATH).toString())) {
            assertTrue(other.holds());

            var result = download(true);

            var failed = assertInstanceOf(FileResult.Failed.class, result, () -> "got " + result);
            assertEquals(BUSY, failed.reason());
            assertEquals(FailureReason.Kind.LOCAL_WRITE, failed.kind());
            assertEquals(before, Sha256.of(PartFile.pathFor(target)), "a byte of the part file was written");
            assertEquals(SIZE / 4, Files.size(PartFile.pathFor(target)));
            assertEquals(stateBefore, Files.readString(ResumeState.pathFor(target)));
            assertEquals(List.of("big.bin.part", "big.bin.part.lock", "big.bin.part.state"), Dirs.names(dir),
                    "nothing saved under another name either");
            assertTrue(server.awaitIdle(Duration.ofSeconds(2)));
            assertEquals(1, server.requests().size(), () -> "only the first request, for the name: " + server.requests());
        }
    }

    @Test
    void continueNeverRemovesAPartFileAnotherRunHasNotYetRecordedAStateFor() throws Exception {
        // A second run started within the first one's first seconds: no state yet, which -c alone would take
        // for a part file nobody can continue ("no readable state file beside it; starting over").
        partWrittenByTheOtherRun(false);
        var before = Sha256.of(PartFile.pathFor(target));
        try (var other = LockingProcess.lock(target, server.uri(PATH).toString())) {
            assertTrue(other.holds());

            var result = download(true);

            var failed = assertInstanceOf(FileResult.Failed.class, result, () -> "got " + result);
            assertEquals(BUSY, failed.reason());
            assertEquals(before, Sha256.of(PartFile.pathFor(target)));
            assertEquals(List.of("big.bin.part", "big.bin.part.lock"), Dirs.names(dir));
        }
    }

    @Test
    void thePartFileOfAnotherUrlThatAnotherRunIsWritingIsPassedOver() throws Exception {
        partWrittenByTheOtherRun(false);
        var before = Sha256.of(PartFile.pathFor(target));
        try (var other = LockingProcess.lock(target, "http://127.0.0.1:9/elsewhere/big.bin")) {
            assertTrue(other.holds());

            var result = download(true);

            var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
            assertEquals(dir.resolve("big.1.bin"), downloaded.path());
            assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
            assertEquals(before, Sha256.of(PartFile.pathFor(target)));
        }
    }

    @Test
    void withoutContinueALockedPartFileOfThisUrlIsPassedOverAndSaid() throws Exception {
        partWrittenByTheOtherRun(true);
        var before = Sha256.of(PartFile.pathFor(target));
        try (var other = LockingProcess.lock(target, server.uri(PATH).toString())) {
            assertTrue(other.holds());

            var result = download(false);

            var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
            assertEquals(dir.resolve("big.1.bin"), downloaded.path());
            assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
            assertEquals(before, Sha256.of(PartFile.pathFor(target)));
            var notices = events.events(DownloadEvent.Notice.class).stream().map(DownloadEvent.Notice::message).toList();
            assertEquals(List.of("big.bin.part is being written by another loomget run downloading this URL;"
                    + " saving under a new name"), notices);
        }
    }

    @Test
    void onceTheOtherRunIsOverContinueTakesThePartFileOn() throws Exception {
        partWrittenByTheOtherRun(true);
        var other = LockingProcess.lock(target, server.uri(PATH).toString());
        assertTrue(other.holds());
        other.kill(); // as a run killed with SIGKILL: its lock file stays, its lock goes

        var result = download(true);

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(target, downloaded.path());
        assertEquals(SIZE / 4, downloaded.reused());
        assertEquals(CONTENT.sha256Hex(), Sha256.of(target));
        assertEquals(List.of("big.bin"), Dirs.names(dir), "the lock file went with the download");
    }
}
