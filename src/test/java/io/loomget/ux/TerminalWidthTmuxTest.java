package io.loomget.ux;

import static io.loomget.ux.TmuxRecorder.liveAreaGone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Content;
import io.loomget.testsupport.Sha256;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Lines that fit whatever the terminal width and however wide the characters of a name. */
class TerminalWidthTmuxTest extends AgainstTmux {

    @Test
    void aDoubleWidthNameNeitherWrapsNorLeavesStaleLines() throws Exception {
        var run = record("wide-name", Map.of(), List.of(), false, WIDTH, WIDE_NAME, SHORT_NAME);

        assertEquals(0, run.exitStatus(), () -> String.join("\n", run.finalScreen()));
        assertTrue(run.frames().stream().anyMatch(f -> f.fileLines().stream().anyMatch(l -> l.startsWith(WIDE_NAME + " "))),
                run::framesText);
        for (var frame : run.frames()) {
            // a row one column too wide wraps; the redraw then goes up one row too few and leaves a copy behind
            assertTrue(frame.lines().stream().filter(l -> l.startsWith(WIDE_NAME + " ")).count() <= 1, frame::toString);
            assertTrue(frame.lines().stream().filter(l -> l.startsWith("Total")).count() <= 1, frame::toString);
        }
        var screen = run.finalScreen();
        assertTrue(liveAreaGone(screen), screen::toString);
        assertEquals(Content.generated(SIZE, 9).sha256Hex(), Sha256.of(run.out().resolve(WIDE_NAME)));
    }

    @Test
    void onANarrowTerminalTheNameIsShortenedAndTheProgressStays() throws Exception {
        int narrow = 50;
        var run = record("narrow", Map.of(), List.of(), false, narrow, LONG_NAME, WIDE_NAME);

        assertEquals(0, run.exitStatus(), () -> String.join("\n", run.finalScreen()));
        var progress = Pattern.compile("\\s\\d{1,3}%\\s+[\\d.]+ \\S?i?B/s");
        assertTrue(run.frames().stream().anyMatch(f -> f.lines().stream().anyMatch(l -> l.startsWith(LONG_NAME.substring(0, 8))
                        && l.contains("…") && progress.matcher(l).find())), run::framesText);
        assertTrue(run.frames().stream().anyMatch(f -> f.lines().stream().anyMatch(l -> l.startsWith("ünï")
                        && progress.matcher(l).find())), run::framesText);
        for (var frame : run.frames()) {
            assertTrue(frame.lines().stream().filter(l -> l.startsWith("Total")).count() <= 1, frame::toString);
        }
    }
}
