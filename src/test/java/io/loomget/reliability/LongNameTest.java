package io.loomget.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadEvent;
import io.loomget.FileResult;
import io.loomget.internal.io.PartFile;
import io.loomget.internal.io.ResumeState;
import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.testsupport.Dirs;
import io.loomget.testsupport.OneFileServed;
import io.loomget.testsupport.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * A URL whose last segment is longer than a file name may be: the name is cut to leave room for
 * everything loomget puts beside the file, its numbered forms included. Most file systems allow 255
 * bytes; {@code NAME.1.bin.part.state.tmp} must fit too, or the first save of the resume state fails
 * and the download with it.
 */
class LongNameTest extends OneFileServed {

    private static final int NAME_MAX = 255;
    /** Per body: four ranges of 256 KiB take a second, time enough to interrupt the first run midway. */
    private static final long SLOW = 256 * 1024;

    LongNameTest() {
        super("/" + "n".repeat(250) + ".bin", Content.generated(1L << 20, 255));
    }

    @Test
    void aTakenNameAtTheLimitIsNumberedWithinItAndAnInterruptedDownloadKeepsItsState() throws Exception {
        // Someone's file has the cut name: the download takes the numbered one.
        server.behave(path, Behaviour.builder().rate(SLOW).build());
        var taken = dir.resolve("n".repeat(236) + ".bin");
        Files.writeString(taken, "someone's");

        interruptOnceAQuarterIsSent(inFourRanges().build());

        var numbered = dir.resolve("n".repeat(234) + ".1.bin");
        var state = ResumeState.read(ResumeState.pathFor(numbered));
        assertTrue(state.isPresent(), "no resume state was saved: " + events.events(DownloadEvent.Notice.class));
        assertEquals(size, state.get().size());
        assertTrue(state.get().doneBytes() > 0, "done: " + state.get().doneBytes());
        assertTrue(Files.exists(PartFile.pathFor(numbered)), "the part file is gone: " + Dirs.names(dir));
        assertEquals("someone's", Files.readString(taken));
        for (var name : Dirs.names(dir)) {
            assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= NAME_MAX, name);
        }
    }

    @Test
    void aNameAtTheLimitDownloadsUnderItsCutName() {
        var result = download(inFourRanges());

        var done = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(dir.resolve("n".repeat(236) + ".bin"), done.path());
        assertEquals(content.sha256Hex(), Sha256.of(done.path()));
    }
}
