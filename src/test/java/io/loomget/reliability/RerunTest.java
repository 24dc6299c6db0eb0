package io.loomget.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.Batch;
import io.loomget.DownloadEvent;
import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.FileProgress;
import io.loomget.FileResult;
import io.loomget.RetryPolicy;
import io.loomget.Settings;
import io.loomget.cli.report.Summary;
import io.loomget.internal.io.CommitRecord;
import io.loomget.internal.io.PartFile;
import io.loomget.internal.io.ResumeState;
import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RecordedRequest;
import io.loomget.testsupport.Dirs;
import io.loomget.testsupport.OnRangeServer;
import io.loomget.testsupport.Poll;
import io.loomget.testsupport.Sha256;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Running the same list again with {@code -c}: a file already complete under its final name is
 * skipped for the price of a one-byte request, one that differs is left alone while the new one takes
 * the next free name, an interrupted file of any size continues from what is on disk, and the bytes
 * a resume reuses are never counted as fetched, under its own name or a numbered one. The same URL
 * twice in one run gets two names, and neither takes the other's part file for an earlier run's.
 */
@Timeout(30)
class RerunTest extends OnRangeServer {

    private static final String BIG = "/big.bin";
    private static final long BIG_SIZE = 8L << 20;
    private static final Content BIG_CONTENT = Content.generated(BIG_SIZE, 1001);
    private static final String SMALL = "/small.bin";
    /** At most 2 × -k (64K here): fetched in the probe's one request, its part file not preallocated. */
    private static final long SMALL_SIZE = 100 * 1024;
    private static final Content SMALL_CONTENT = Content.generated(SMALL_SIZE, 1002);

    @BeforeEach
    void serveTheFiles() {
        server.add(BIG, BIG_CONTENT);
        server.add(SMALL, SMALL_CONTENT);
    }

    private Settings settings(boolean resume, long minSplit) {
        return Settings.builder()
                .outputDir(dir)
                .connectionsPerFile(4)
                .minSplitSize(minSplit)
                .retry(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20)))
                .connectTimeout(Duration.ofSeconds(5))
                .idleTimeout(Duration.ofSeconds(5))
                .resume(resume)
                .build();
    }

    private FileResult download(boolean resume, String path) {
        return Support.download(settings(resume, 1L << 20), DownloadRequest.of(server.uri(path)), events);
    }

    // --- 1. a finished file is skipped

    @Test
    void continueSkipsAFileAlreadyCompleteWithAOneByteRequest() throws Exception {
        assertInstanceOf(FileResult.Downloaded.class, download(false, BIG));
        var target = dir.resolve("big.bin");
        var modified = Files.getLastModifiedTime(target);
        assertTrue(server.awaitIdle(Duration.ofSeconds(2)));
        server.resetStats();

        var result = download(true, BIG);

        var skipped = assertInstanceOf(FileResult.AlreadyComplete.class, result, () -> "got " + result);
        assertEquals(target, skipped.path());
        assertEquals(BIG_SIZE, skipped.bytes());
        assertEquals(List.of("big.bin"), Dirs.names(dir), "nothing new in the directory");
        assertEquals(BIG_CONTENT.sha256Hex(), Sha256.of(target));
        assertEquals(modified, Files.getLastModifiedTime(target), "the file was touched");
        assertTrue(server.awaitIdle(Duration.ofSeconds(2)));
        var requests = server.requests();
        assertEquals(1, requests.size(), requests::toString);
        assertEquals("bytes=0-0", requests.getFirst().rangeHeader());
        assertEquals(1, server.bytesSent(), "a finished 8 MiB file costs one byte to check");
        assertEquals(1, events.events(DownloadEvent.FileFinished.class).stream()
                .filter(f -> f.result() instanceof FileResult.AlreadyComplete).count());
        assertEquals(1, events.events(DownloadEvent.FileStarted.class).size(), "the skipped file never started");
    }

    @Test
    void theSummaryCountsASkippedFileAsAlreadyCompleteAndAllOk() {
        assertInstanceOf(FileResult.Downloaded.class, download(false, SMALL));

        var results = new Batch(settings(true, 1L << 20), events).run(List.of(DownloadRequest.of(server.uri(SMALL))));

        var summary = Summary.of(results, 0, Duration.ofSeconds(1));
        assertEquals(0, summary.downloaded());
        assertEquals(1, summary.alreadyComplete());
        assertEquals(0, summary.bytes());
        assertTrue(summary.allOk());
        assertTrue(summary.render().startsWith("0 downloaded, 1 already complete, 0 not found, 0 failed"), summary.render());
    }

    @Test
    void aFileCommittedByLoomgetCarriesItsCommitRecord() throws Exception {
        assertInstanceOf(FileResult.Downloaded.class, download(false, SMALL));

        var record = CommitRecord.readFrom(dir.resolve("small.bin"));

        assertTrue(record.isPresent(), "no user.loomget.commit attribute (does this file system keep user xattrs?)");
        assertEquals(server.uri(SMALL).toString(), record.get().url());
        assertEquals(SMALL_SIZE, record.get().size());
        assertTrue(record.get().validator() != null && record.get().validator().startsWith("\""), record.get().validator());
    }

    @Test
    void continueLeavesAnotherUrlsUnfinishedPartFileOfTheSameNameForThatUrl() throws Exception {
        var theirs = dir.resolve("small.bin");
        Files.writeString(io.loomget.internal.io.PartFile.pathFor(theirs), "another URL's bytes so far");
        new io.loomget.internal.io.ResumeState("http://127.0.0.1:9/other/small.bin", 1_000, "\"x\"",
                List.of(new long[] {0, 26})).write(io.loomget.internal.io.ResumeState.pathFor(theirs));

        var result = download(true, SMALL);

        var done = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(dir.resolve("small.1.bin"), done.path());
        assertEquals(SMALL_CONTENT.sha256Hex(), Sha256.of(done.path()));
        assertEquals("another URL's bytes so far", Files.readString(io.loomget.internal.io.PartFile.pathFor(theirs)));
        assertTrue(Files.exists(io.loomget.internal.io.ResumeState.pathFor(theirs)), "its state is kept too");
    }

    @Test
    void continueLeavesAFinishedDownloadNamedLikeAPartFileAndSavesUnderTheNextName() throws Exception {
        // The list's first file is called small.bin.part (out=, or a server's name for it): it is complete
        // when the next one, small.bin, looks for an unfinished download to continue under that name.
        var first = DownloadRequest.of(server.uri(BIG)).withOutName("small.bin.part");
        var second = DownloadRequest.of(server.uri(SMALL));
        var settings = Settings.builder().outputDir(dir).filesAtOnce(1).connectionsPerFile(4).minSplitSize(1L << 20)
                .retry(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20))).resume(true).build();

        var results = new Batch(settings, events).run(List.of(first, second));

        assertInstanceOf(FileResult.Downloaded.class, results.get(0), () -> "got " + results.get(0));
        var done = assertInstanceOf(FileResult.Downloaded.class, results.get(1), () -> "got " + results.get(1));
        assertEquals(BIG_CONTENT.sha256Hex(), Sha256.of(dir.resolve("small.bin.part")), "the finished download is gone");
        assertEquals(dir.resolve("small.1.bin"), done.path());
        assertEquals(SMALL_CONTENT.sha256Hex(), Sha256.of(done.path()));

        // And so in a later run.
        Files.delete(done.path());
        var again = assertInstanceOf(FileResult.Downloaded.class, download(true, SMALL));
        assertEquals(dir.resolve("small.1.bin"), again.path());
        assertEquals(BIG_CONTENT.sha256Hex(), Sha256.of(dir.resolve("small.bin.part")), "the finished download is gone");
    }

    @Test
    void twoUrlsOfOneNameAreBothSkippedWhenTheListRunsAgain() throws Exception {
        server.add("/a/same.bin", SMALL_CONTENT).add("/b/same.bin", BIG_CONTENT);
        var list = List.of(DownloadRequest.of(server.uri("/a/same.bin")), DownloadRequest.of(server.uri("/b/same.bin")));
        var first = Support.download(settings(false, 1L << 20), list.get(0), events);
        var second = Support.download(settings(false, 1L << 20), list.get(1), events);
        assertEquals(dir.resolve("same.1.bin"), assertInstanceOf(FileResult.Downloaded.class, second).path());
        assertInstanceOf(FileResult.Downloaded.class, first);
        assertTrue(server.awaitIdle(Duration.ofSeconds(2)));
        server.resetStats();

        var again = new Batch(settings(true, 1L << 20), events).run(list);

        assertEquals(dir.resolve("same.bin"), assertInstanceOf(FileResult.AlreadyComplete.class, again.get(0)).path());
        assertEquals(dir.resolve("same.1.bin"), assertInstanceOf(FileResult.AlreadyComplete.class, again.get(1)).path(),
                () -> "got " + again.get(1));
        assertEquals(List.of("same.1.bin", "same.bin"), Dirs.names(dir), "no third copy");
        assertEquals(2, server.bytesSent(), "one byte each to check");
    }

    @Test
    void aCompletedFileThatChangedOnTheServerStaysAndTheNewOneTakesTheNextName() throws Exception {
        assertInstanceOf(FileResult.Downloaded.class, download(false, BIG));
        var changed = Content.generated(BIG_SIZE, 2002); // same size, a new ETag
        server.add(BIG, changed);

        var result = download(true, BIG);

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(dir.resolve("big.1.bin"), downloaded.path());
        assertEquals(changed.sha256Hex(), Sha256.of(downloaded.path()));
        assertEquals(BIG_CONTENT.sha256Hex(), Sha256.of(dir.resolve("big.bin")), "the old file was touched");
    }

    @Test
    void aFileWithoutARecordIsCompleteWhenItsSizeIsTheServers() throws Exception {
        // Made by another tool (or on a file system without user xattrs): only the size can tell.
        Files.write(dir.resolve("small.bin"), SMALL_CONTENT.readAll());

        var result = download(true, SMALL);

        assertInstanceOf(FileResult.AlreadyComplete.class, result, () -> "got " + result);
        assertEquals(List.of("small.bin"), Dirs.names(dir));
    }

    @Test
    void aShorterFileWithoutARecordStaysAndTheDownloadTakesTheNextName() throws Exception {
        Files.write(dir.resolve("small.bin"), new byte[1000]);

        var result = download(true, SMALL);

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(dir.resolve("small.1.bin"), downloaded.path());
        assertEquals(SMALL_CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
        assertEquals(1000, Files.size(dir.resolve("small.bin")));
    }

    @Test
    void aFileModifiedAfterItsCommitIsNotTakenForComplete() throws Exception {
        assertInstanceOf(FileResult.Downloaded.class, download(false, SMALL));
        var target = dir.resolve("small.bin");
        try (var ch = java.nio.channels.FileChannel.open(target, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {0}), 5); // same size, one byte changed
        }
        Files.setLastModifiedTime(target, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(target).toMillis() + 5_000));

        var result = download(true, SMALL);

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(dir.resolve("small.1.bin"), downloaded.path());
    }

    // --- 2. an interrupted file of any size continues

    @Test
    void continueResumesAFileNoLargerThanTwiceTheMinimumSplitSize() throws Exception {
        var state = interruptMidway(SMALL, SMALL_SIZE, 32 * 1024);
        assertTrue(Files.size(PartFile.pathFor(dir.resolve("small.bin"))) < SMALL_SIZE, "the part file was preallocated");
        server.behave(SMALL, Behaviour.builder().build());
        server.resetStats();

        var started = new AtomicReference<FileProgress>();
        var result = Support.download(settings(true, 64 * 1024), DownloadRequest.of(server.uri(SMALL)), event -> {
            events.on(event);
            if (event instanceof DownloadEvent.FileStarted(var file)) {
                started.set(file);
            }
        });

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(dir.resolve("small.bin"), downloaded.path());
        assertEquals(SMALL_CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
        var notices = events.events(DownloadEvent.Notice.class).stream().map(DownloadEvent.Notice::message).toList();
        assertTrue(notices.stream().anyMatch(n -> n.startsWith("resuming")), notices.toString());
        assertTrue(notices.stream().noneMatch(n -> n.contains("starting over")), notices.toString());
        assertTrue(server.awaitIdle(Duration.ofSeconds(2)));
        long missing = SMALL_SIZE - state.doneBytes();
        long ranged = server.requests().stream().skip(1).mapToLong(RecordedRequest::bodyBytesSent).sum();
        assertTrue(ranged <= missing, "ranges fetched " + ranged + " bytes, " + missing + " were missing");

        // --- 4. and what was on disk is reused, not fetched
        assertEquals(state.doneBytes(), downloaded.reused());
        assertEquals(missing, downloaded.fetched());
        assertEquals(state.doneBytes(), started.get().reused());
        assertEquals(missing, started.get().fetched());
        assertEquals(SMALL_SIZE, started.get().bytes());
        var summary = Summary.of(List.of(result), 0, Duration.ofSeconds(1));
        assertEquals(missing, summary.bytes(), "the summary counts reused bytes as fetched");
        assertEquals(state.doneBytes(), summary.reused());
    }

    @Test
    void continueResumesTheNumberedPartFileOfThisUrlWhenAnotherFileHasItsName() throws Exception {
        var other = Files.writeString(dir.resolve("big.bin"), "another file of that name");
        var target = dir.resolve("big.1.bin");
        var state = interruptMidway(BIG, BIG_SIZE, 256 * 1024, target);
        server.behave(BIG, Behaviour.builder().build());
        server.resetStats();

        var result = download(true, BIG);

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(target, downloaded.path(), "continued under the name its part file has");
        assertEquals(BIG_CONTENT.sha256Hex(), Sha256.of(target));
        assertEquals("another file of that name", Files.readString(other), "the file of that name was touched");
        assertEquals(List.of("big.1.bin", "big.bin"), Dirs.names(dir));
        var notices = events.events(DownloadEvent.Notice.class).stream().map(DownloadEvent.Notice::message).toList();
        assertTrue(notices.contains("resuming big.1.bin.part: " + state.doneBytes() + " of " + BIG_SIZE
                + " bytes already done"), notices.toString());
        assertEquals(state.doneBytes(), downloaded.reused());
        assertTrue(server.awaitIdle(Duration.ofSeconds(2)));
        // The one-byte look at big.bin, the first request, then only ranges of what was missing.
        var requests = server.requests();
        assertEquals("bytes=0-0", requests.getFirst().rangeHeader());
        long ranged = requests.stream().skip(2).mapToLong(RecordedRequest::bodyBytesSent).sum();
        long missing = BIG_SIZE - state.doneBytes();
        assertTrue(ranged <= missing, "ranges fetched " + ranged + " bytes, " + missing + " were missing");
    }

    @Test
    void twoUrlsOfOneNameEachContinueTheirOwnPartFile() throws Exception {
        var otherContent = Content.generated(BIG_SIZE, 1003);
        server.add("/a/same.bin", BIG_CONTENT).add("/b/same.bin", otherContent);
        // Interrupted one after the other: the first has same.bin, the second same.1.bin.
        var first = interruptMidway("/a/same.bin", BIG_SIZE, 256 * 1024, dir.resolve("same.bin"));
        var second = interruptMidway("/b/same.bin", BIG_SIZE, 256 * 1024, dir.resolve("same.1.bin"));
        server.behave("/a/same.bin", Behaviour.builder().build()).behave("/b/same.bin", Behaviour.builder().build());
        server.resetStats();

        // The second URL first: it finds the first one's part file under same.bin, leaves it, and goes on to its own.
        var results = new Batch(settings(true, 1L << 20).toBuilder().filesAtOnce(1).build(), events)
                .run(List.of(DownloadRequest.of(server.uri("/b/same.bin")), DownloadRequest.of(server.uri("/a/same.bin"))));

        var b = assertInstanceOf(FileResult.Downloaded.class, results.get(0), () -> "got " + results.get(0));
        var a = assertInstanceOf(FileResult.Downloaded.class, results.get(1), () -> "got " + results.get(1));
        assertEquals(dir.resolve("same.1.bin"), b.path());
        assertEquals(dir.resolve("same.bin"), a.path());
        assertEquals(otherContent.sha256Hex(), Sha256.of(b.path()));
        assertEquals(BIG_CONTENT.sha256Hex(), Sha256.of(a.path()));
        assertEquals(List.of("same.1.bin", "same.bin"), Dirs.names(dir));
        assertEquals(second.doneBytes(), b.reused());
        assertEquals(first.doneBytes(), a.reused());
        var notices = events.events(DownloadEvent.Notice.class).stream().map(DownloadEvent.Notice::message).toList();
        assertTrue(notices.stream().noneMatch(n -> n.contains("starting over")), notices.toString());
    }

    @Test
    void aFileSavedPastAnotherUrlsNumberedPartFileIsFoundCompleteAgain() throws Exception {
        Files.writeString(dir.resolve("small.bin"), "another file of that name");
        var theirs = dir.resolve("small.1.bin");
        Files.writeString(PartFile.pathFor(theirs), "another URL's bytes so far");
        new ResumeState("http://127.0.0.1:9/other/small.bin", 1_000, "\"x\"", List.of(new long[] {0, 26}))
                .write(ResumeState.pathFor(theirs));
        var saved = assertInstanceOf(FileResult.Downloaded.class, download(false, SMALL));
        assertEquals(dir.resolve("small.2.bin"), saved.path());
        assertTrue(server.awaitIdle(Duration.ofSeconds(2)));
        server.resetStats();

        var result = download(true, SMALL);

        var skipped = assertInstanceOf(FileResult.AlreadyComplete.class, result, () -> "got " + result);
        assertEquals(dir.resolve("small.2.bin"), skipped.path());
        assertEquals(1, server.bytesSent(), "one byte to check");
        assertEquals("another URL's bytes so far", Files.readString(PartFile.pathFor(theirs)));
    }

    // --- 3. the same URL twice in one run

    @Test
    void theSameUrlTwiceInOneRunTakesTwoNamesAndLeavesTheOthersPartFileAlone() throws Exception {
        var firstStarted = new CountDownLatch(1);
        var secondStarted = new CountDownLatch(1);
        DownloadListener listener = event -> {
            events.on(event);
            if (event instanceof DownloadEvent.FileStarted) {
                if (firstStarted.getCount() > 0) {
                    firstStarted.countDown();
                    // the first holds its part file until the second has chosen its name and started
                    awaitQuietly(secondStarted);
                } else {
                    secondStarted.countDown();
                }
            }
        };
        // the second entry is taken only once the first has its part file on disk
        var entries = new Iterator<DownloadRequest>() {
            private int taken;

            @Override
            public boolean hasNext() {
                return taken < 2;
            }

            @Override
            public DownloadRequest next() {
                if (taken++ == 1) {
                    awaitQuietly(firstStarted);
                }
                return DownloadRequest.of(server.uri(SMALL));
            }
        };
        var results = new ConcurrentLinkedQueue<FileResult>();

        new Batch(settings(true, 1L << 20), listener).run(entries, results::add);

        assertEquals(2, results.size());
        for (var result : results) {
            var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
            assertEquals(SMALL_CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
        }
        assertEquals(java.util.Set.of(dir.resolve("small.bin"), dir.resolve("small.1.bin")),
                results.stream().map(r -> ((FileResult.Downloaded) r).path()).collect(java.util.stream.Collectors.toSet()));
        var notices = events.events(DownloadEvent.Notice.class).stream().map(DownloadEvent.Notice::message).toList();
        assertTrue(notices.stream().noneMatch(n -> n.contains("starting over")), notices.toString());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a throttled download of {@code path}, interrupts it once a quarter has come, and returns its saved state. */
    private ResumeState interruptMidway(String path, long size, long rate) throws Exception {
        return interruptMidway(path, size, rate, dir.resolve(path.substring(1)));
    }

    /** {@link #interruptMidway(String, long, long)} for a download that gets the name {@code target}. */
    private ResumeState interruptMidway(String path, long size, long rate, java.nio.file.Path target) throws Exception {
        server.behave(path, Behaviour.builder().rate(rate).build());
        var result = new AtomicReference<FileResult>();
        var run = Thread.ofPlatform().name("test-batch").start(() -> result.set(
                new Batch(settings(false, 64 * 1024), events).run(List.of(DownloadRequest.of(server.uri(path)))).getFirst()));
        Poll.await("bytes flowing", Duration.ofSeconds(20), () -> server.bytesSent(path) >= size / 4);
        run.interrupt();
        run.join(Duration.ofSeconds(5));
        assertFalse(run.isAlive(), "the batch did not stop");
        assertInstanceOf(FileResult.Cancelled.class, result.get(), () -> "got " + result.get());
        var state = ResumeState.read(ResumeState.pathFor(target));
        assertTrue(state.isPresent(), "no state saved");
        assertTrue(state.get().doneBytes() > 0 && state.get().doneBytes() < size, "done: " + state.get().doneBytes());
        assertTrue(server.awaitIdle(Duration.ofSeconds(2)));
        return state.get();
    }
}
