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
import io.loomget.testsupport.Dirs;
import io.loomget.testsupport.OneFileServed;
import io.loomget.testsupport.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code -N} updating a file it already has, interrupted midway: the part file is this URL's own
 * unfinished update. {@code -N -c} continues it and replaces the old file; plain {@code -N} leaves it
 * alone (as without {@code -c} any part file is) and says how to continue it.
 */
@Timeout(30)
class InterruptedConditionalGetTest extends OneFileServed {

    /** The newer version: same size, new ETag and Last-Modified. */
    private final Content newer = Content.generated(2L << 20, 4242);

    InterruptedConditionalGetTest() {
        super("/chg.bin", Content.generated(2L << 20, 31337));
    }

    /** Per body: four ranges of 512 KiB take 2 s, time enough to interrupt the update midway. */
    private static final long SLOW = 256 * 1024;
    /** Per body on the last run: quick, but throttled enough that an abandoned probe sends little. */
    private static final long QUICK = 4L << 20;

    private Settings settings(boolean resume) {
        return inFourRanges().conditionalGet(true).resume(resume).build();
    }

    private Path target() {
        return dir.resolve(name());
    }

    private List<String> notices() {
        return events.events(DownloadEvent.Notice.class).stream().map(DownloadEvent.Notice::message).toList();
    }

    /**
     * The old version downloaded whole, then the server's file changes and a {@code -N} update is
     * interrupted once bytes flow: the old file stays, beside the update's part file and state.
     */
    private ResumeState updateInterruptedMidway() throws Exception {
        var first = Support.download(settings(false), DownloadRequest.of(server.uri(path)));
        assertInstanceOf(FileResult.Downloaded.class, first, () -> "got " + first);
        server.add(path, newer);
        server.behave(path, Behaviour.builder().rate(SLOW).build());
        server.resetStats();

        interruptOnceAQuarterIsSent(settings(false));
        assertEquals(content.sha256Hex(), Sha256.of(target()), "the old file was touched by an unfinished update");
        assertTrue(Files.exists(PartFile.pathFor(target())), "the update's part file is kept");
        var state = ResumeState.read(ResumeState.pathFor(target()));
        assertTrue(state.isPresent(), "no readable state beside the part file");
        assertTrue(state.get().doneBytes() > 0 && state.get().doneBytes() < size, "done: " + state.get().doneBytes());
        assertTrue(server.awaitIdle(Duration.ofSeconds(2)), "exchanges still in flight after the interrupt");
        server.behave(path, Behaviour.builder().rate(QUICK).build());
        server.resetStats();
        return state.get();
    }

    @Test
    void anInterruptedUpdateContinuedWithContinueReplacesTheOldFileFetchingOnlyTheMissingBytes() throws Exception {
        var state = updateInterruptedMidway();

        var result = Support.download(settings(true), DownloadRequest.of(server.uri(path)), events);

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(target(), downloaded.path(), "the old file replaced under its own name");
        assertEquals(newer.sha256Hex(), Sha256.of(target()));
        assertEquals(List.of(name()), Dirs.names(dir), "no numbered copy, no part file, no state");
        assertTrue(notices().stream().anyMatch(n -> n.startsWith("resuming")), notices().toString());
        assertTrue(server.awaitIdle(Duration.ofSeconds(2)));
        // -c's one-byte check of the old file, then -N's probe (abandoned once its headers match the
        // state); every other request is for missing bytes only, with If-Range.
        var requests = server.requests();
        assertEquals("bytes=0-0", requests.get(0).rangeHeader(), "check: " + requests.get(0));
        assertTrue(requests.get(1).rangeHeader().startsWith("bytes=0-"), "probe: " + requests.get(1));
        long missing = size - state.doneBytes();
        long ranged = requests.stream().skip(2).mapToLong(RecordedRequest::bodyBytesSent).sum();
        assertTrue(ranged <= missing, "ranges fetched " + ranged + " bytes, " + missing + " were missing");
        long sent = server.bytesSent(path);
        assertTrue(sent <= missing + 256 * 1024, "the update fetched " + sent + " bytes, " + missing + " were missing");
        for (RecordedRequest r : requests.subList(2, requests.size())) {
            assertNotNull(r.rangeHeader(), "a whole-file request: " + r);
            assertNotNull(r.ifRange(), "resumed range without If-Range: " + r);
            long from = Long.parseLong(r.rangeHeader().substring(6, r.rangeHeader().indexOf('-')));
            for (long[] run : state.done()) {
                assertFalse(from >= run[0] && from < run[1], "asked again for done bytes: " + r.rangeHeader());
            }
        }
    }

    @Test
    void anInterruptedUpdateRerunWithoutContinueLeavesItsPartFileAloneAndSaysHowToContinueIt() throws Exception {
        updateInterruptedMidway();
        var part = PartFile.pathFor(target());
        var partSha = Sha256.of(part);
        var stateText = Files.readString(ResumeState.pathFor(target()));

        var result = Support.download(settings(false), DownloadRequest.of(server.uri(path)), events);

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(dir.resolve("chg.1.bin"), downloaded.path());
        assertEquals(newer.sha256Hex(), Sha256.of(downloaded.path()));
        assertEquals(content.sha256Hex(), Sha256.of(target()), "the old file is replaced only by the update's own part file");
        assertEquals(partSha, Sha256.of(part), "the unfinished update was touched");
        assertEquals(stateText, Files.readString(ResumeState.pathFor(target())));
        assertTrue(notices().stream().anyMatch(n -> n.contains("run with -c")), "no hint at -c: " + notices());

        // And -N -c still finishes the update in place.
        var resumed = Support.download(settings(true), DownloadRequest.of(server.uri(path)), events);
        assertEquals(target(), assertInstanceOf(FileResult.Downloaded.class, resumed, () -> "got " + resumed).path());
        assertEquals(newer.sha256Hex(), Sha256.of(target()));
        assertEquals(List.of("chg.1.bin", name()), Dirs.names(dir));
    }
}
