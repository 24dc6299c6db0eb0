package io.loomget.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadEvent;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.Settings;
import io.loomget.internal.io.PartFile;
import io.loomget.internal.io.ResumeState;
import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RecordedRequest;
import io.loomget.testsupport.OneFileServed;
import io.loomget.testsupport.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Resume in one JVM: a batch whose thread is interrupted (what Ctrl-C does) keeps its part file and
 * state; {@code -c} then fetches only the missing bytes, with {@code If-Range}; a state that does not
 * match the server any more, or cannot be read, starts the file over; without {@code -c} the part
 * file is left alone.
 */
@Timeout(30)
class InterruptedResumeTest extends OneFileServed {

    InterruptedResumeTest() {
        super("/big.bin", Content.generated(2L << 20, 31337));
    }

    /** Per body: four ranges of 512 KiB take 2 s, time enough to interrupt the first run midway. */
    private static final long SLOW = 256 * 1024;
    /** Per body on the second run: quick, but throttled enough that an abandoned probe sends little. */
    private static final long QUICK = 4L << 20;

    private Settings settings(boolean resume) {
        return inFourRanges().resume(resume).build();
    }

    private Path target() {
        return dir.resolve(name());
    }

    /** What the interrupted run answered for the file, and the body bytes the server had sent by then. */
    private FileResult.Cancelled interrupted;
    private long sentBeforeInterrupt;

    /** Starts a throttled download, interrupts it once bytes flow, and returns the state it saved. */
    private ResumeState interruptMidway() throws Exception {
        server.behave(path, Behaviour.builder().rate(SLOW).build());
        interrupted = interruptOnceAQuarterIsSent(settings(false));

        assertFalse(Files.exists(target()), "an interrupted file has no final name");
        assertTrue(Files.exists(PartFile.pathFor(target())), "the part file is kept");
        var state = ResumeState.read(ResumeState.pathFor(target()));
        assertTrue(state.isPresent(), "no readable state beside the part file");
        assertEquals(size, state.get().size());
        assertEquals(server.uri(path).toString(), state.get().url());
        assertTrue(state.get().doneBytes() > 0 && state.get().doneBytes() < size, "done: " + state.get().doneBytes());
        assertTrue(server.awaitIdle(Duration.ofSeconds(2)), "exchanges still in flight after the interrupt");
        sentBeforeInterrupt = server.bytesSent(path);
        server.behave(path, Behaviour.builder().rate(QUICK).build());
        server.resetStats();
        return state.get();
    }

    private List<String> notices() {
        return events.events(DownloadEvent.Notice.class).stream().map(DownloadEvent.Notice::message).toList();
    }

    @Test
    void anInterruptedFileCountsTheBytesItFetchedBeforeTheInterrupt() throws Exception {
        var state = interruptMidway();

        assertTrue(interrupted.fetched() >= state.doneBytes(), () -> "fetched " + interrupted.fetched()
                + ", on disk by the state " + state.doneBytes());
        assertTrue(interrupted.fetched() <= sentBeforeInterrupt, () -> "fetched " + interrupted.fetched()
                + ", sent by the server " + sentBeforeInterrupt);
    }

    @Test
    void continueFetchesOnlyTheMissingBytesWithIfRange() throws Exception {
        var state = interruptMidway();

        var result = Support.download(settings(true), DownloadRequest.of(server.uri(path)), events);

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(target(), downloaded.path());
        assertEquals(content.sha256Hex(), Sha256.of(target()));
        assertEquals(List.of(name()), io.loomget.testsupport.Dirs.names(dir), "part and state are gone");
        long missing = size - state.doneBytes();
        assertTrue(server.awaitIdle(Duration.ofSeconds(2)));
        // The probe (the first request, from byte 0) is abandoned once its headers show the file is
        // unchanged; every other request must be for missing bytes only.
        var requests = server.requests();
        assertTrue(requests.getFirst().rangeHeader().startsWith("bytes=0-"), "probe: " + requests.getFirst());
        long ranged = requests.stream().skip(1).mapToLong(RecordedRequest::bodyBytesSent).sum();
        long sent = server.bytesSent(path);
        assertTrue(ranged <= missing, "ranges fetched " + ranged + " bytes, " + missing + " were missing");
        assertTrue(sent <= missing + 256 * 1024, "resume fetched " + sent + " bytes, " + missing + " were missing");
        assertTrue(notices().stream().anyMatch(n -> n.startsWith("resuming")), notices().toString());
        for (RecordedRequest r : requests.subList(1, requests.size())) {
            if (r.rangeHeader() != null) {
                assertNotNull(r.ifRange(), "resumed range without If-Range: " + r);
                long first = Long.parseLong(r.rangeHeader().substring(6, r.rangeHeader().indexOf('-')));
                for (long[] run : state.done()) {
                    assertFalse(first >= run[0] && first < run[1], "asked again for done bytes: " + r.rangeHeader());
                }
            }
        }
    }

    @Test
    void continueStartsOverWhenTheFileChangedOnTheServer() throws Exception {
        interruptMidway();
        var changed = Content.generated(size, 4444); // same size, new ETag and Last-Modified
        server.add(path, changed);

        var result = Support.download(settings(true), DownloadRequest.of(server.uri(path)), events);

        assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(changed.sha256Hex(), Sha256.of(target()), "old and new bytes were stitched together");
        assertTrue(notices().stream().anyMatch(n -> n.contains("cannot resume") && n.contains("starting over")),
                notices().toString());
    }

    @Test
    void continueStartsOverWhenTheSizeChanged() throws Exception {
        interruptMidway();
        var changed = Content.generated(size + 1000, 31337);
        server.add(path, changed);

        var result = Support.download(settings(true), DownloadRequest.of(server.uri(path)), events);

        assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(changed.sha256Hex(), Sha256.of(target()));
        assertTrue(notices().stream().anyMatch(n -> n.contains("size changed")), notices().toString());
    }

    @Test
    void continueStartsOverWhenTheStateFileIsCorrupt() throws Exception {
        interruptMidway();
        Files.writeString(ResumeState.pathFor(target()), "{\"format\":1,\"url\":");

        var result = Support.download(settings(true), DownloadRequest.of(server.uri(path)), events);

        assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(content.sha256Hex(), Sha256.of(target()));
        assertTrue(notices().stream().anyMatch(n -> n.contains("no readable state")), notices().toString());
    }

    @Test
    void continueStartsOverWhenThePartFileHasTheWrongSize() throws Exception {
        interruptMidway();
        try (var ch = java.nio.channels.FileChannel.open(PartFile.pathFor(target()), java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size / 2);
        }

        var result = Support.download(settings(true), DownloadRequest.of(server.uri(path)), events);

        assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(content.sha256Hex(), Sha256.of(target()));
    }

    @Test
    void runWithoutContinueLeavesThePartFileAloneAndSavesUnderANewName() throws Exception {
        interruptMidway();
        var part = PartFile.pathFor(target());
        var stateFile = ResumeState.pathFor(target());
        var partSha = Sha256.of(part);
        var stateText = Files.readString(stateFile);

        var result = Support.download(settings(false), DownloadRequest.of(server.uri(path)), events);

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(dir.resolve("big.1.bin"), downloaded.path());
        assertEquals(content.sha256Hex(), Sha256.of(downloaded.path()));
        assertEquals(partSha, Sha256.of(part), "the unfinished download was touched");
        assertEquals(stateText, Files.readString(stateFile));
        assertFalse(Files.exists(target()));
        assertTrue(notices().stream().anyMatch(n -> n.contains("-c")), "no hint at -c: " + notices());

        // And -c still finishes the original.
        var resumed = Support.download(settings(true), DownloadRequest.of(server.uri(path)), events);
        assertInstanceOf(FileResult.Downloaded.class, resumed, () -> "got " + resumed);
        assertEquals(content.sha256Hex(), Sha256.of(target()));
    }
}
