package io.loomget.ux;

import static io.loomget.ux.TmuxRecorder.PERCENT;
import static io.loomget.ux.TmuxRecorder.visible;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Content;
import io.loomget.testsupport.Sha256;
import io.loomget.ux.TmuxRecorder.Frame;
import io.loomget.ux.TmuxRecorder.Recording;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live view of one recorded run of two files, shared by the tests that only look at it: a line
 * per active file and a total line that fit the width and line up while it runs, and a clean final
 * screen with the cursor shown again when it has ended.
 */
class TerminalViewTmuxTest extends AgainstTmux {

    private Recording colour;

    @BeforeAll
    void recordARun() throws Exception {
        colour = record("colour", Map.of(), List.of(), false, LONG_NAME, SHORT_NAME);
    }

    // --- while it runs

    @Test
    void liveViewShowsALinePerActiveFileAndATotalLine() {
        assertTrue(colour.frames().stream().anyMatch(f -> f.live()
                        && f.fileLines().stream().anyMatch(l -> l.startsWith(SHORT_NAME + " "))
                        && f.fileLines().stream().anyMatch(l -> l.startsWith(LONG_NAME.substring(0, 30)))),
                colour::framesText);
    }

    @Test
    void fileLineShowsPercentBytesSpeedEtaAndConnections() {
        var line = colour.frames().stream().flatMap(f -> f.fileLines().stream())
                .filter(l -> l.startsWith(SHORT_NAME + " ")).findFirst().orElseThrow(() -> new AssertionError(colour.framesText()));
        assertTrue(Pattern.compile("\\d+%\\s{2,}[\\d.]+ \\S?i?B/2\\.00 MiB\\s{2,}[\\d.]+ \\S?i?B/s  ETA\\s+(\\d+:\\d\\d|--:--)  x[0-2]")
                .matcher(line).find(), line);
    }

    @Test
    void everyLiveLineFitsTheTerminalWidth() {
        assertEquals(WIDTH + "x" + HEIGHT, colour.paneSize(), "the pane this test relies on");
        assertTrue(colour.frames().stream().anyMatch(Frame::live), colour::framesText);
        for (var frame : colour.frames()) {
            for (var line : frame.lines()) {
                // "done" lines scroll away and keep the whole name on purpose (TerminalView.permanent)
                if (!line.startsWith("done ")) {
                    assertTrue(line.codePointCount(0, line.length()) <= WIDTH,
                            () -> "wider than " + WIDTH + " columns (" + line.length() + "): " + line + "\n" + frame);
                }
            }
        }
    }

    @Test
    void percentColumnLinesUpInEveryFrame() {
        var frames = colour.frames().stream().filter(f -> f.fileLines().size() >= 2).toList();
        assertFalse(frames.isEmpty(), colour::framesText);
        for (var frame : frames) {
            var columns = frame.fileLines().stream().map(l -> l.indexOf('%')).distinct().toList();
            assertEquals(1, columns.size(), () -> "the percent column is ragged:\n" + frame);
        }
    }

    @Test
    void longNameIsShortenedWithAnEllipsisKeepingItsStartAndEnd() {
        var line = colour.frames().stream().flatMap(f -> f.fileLines().stream())
                .filter(l -> l.startsWith(LONG_NAME.substring(0, 30))).findFirst()
                .orElseThrow(() -> new AssertionError(colour.framesText()));
        assertFalse(line.contains(LONG_NAME), line);
        var name = line.substring(0, line.indexOf(' '));
        assertTrue(name.contains("…") && LONG_NAME.endsWith(name.substring(name.indexOf('…') + 1)), line);
    }

    @Test
    void cursorIsHiddenWhileTheViewIsLive() {
        assertTrue(colour.frames().stream().anyMatch(f -> f.live() && !f.cursorVisible()), colour::framesText);
    }

    @Test
    void coloursAreUsedOnATerminalByDefault() {
        assertTrue(colour.raw().contains("\u001b[32mdone"), () -> visible(colour.raw()));
    }

    // --- when it has ended

    @Test
    void runEndsWithExitStatusZero() {
        assertEquals(0, colour.exitStatus(), () -> String.join("\n", colour.finalScreen()));
    }

    @Test
    void finalScreenShowsADoneLinePerFileAndTheSummaryLast() {
        var screen = colour.finalScreen();
        assertEquals(1, screen.stream().filter(l -> l.startsWith("done   " + SHORT_NAME + "  2.00 MiB  ")).count(), screen::toString);
        assertEquals(1, screen.stream().filter(l -> l.startsWith("done   " + LONG_NAME + "  2.00 MiB  ")).count(), screen::toString);
        var last = screen.stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("2 downloaded, 0 not found, 0 failed: 4.00 MiB in "), screen::toString);
    }

    @Test
    void filesOnDiskAreComplete() {
        assertEquals(Content.generated(SIZE, 1).sha256Hex(), Sha256.of(colour.out().resolve(LONG_NAME)));
        assertEquals(Content.generated(SIZE, 2).sha256Hex(), Sha256.of(colour.out().resolve(SHORT_NAME)));
    }

    @Test
    void finalScreenKeepsNoLineOfTheLiveArea() {
        var screen = colour.finalScreen();
        assertTrue(screen.stream().noneMatch(l -> l.startsWith("Total")), screen::toString);
        assertTrue(screen.stream().noneMatch(l -> l.contains("ETA")), screen::toString);
        assertTrue(screen.stream().noneMatch(l -> PERCENT.matcher(l).find()), screen::toString);
    }

    @Test
    void cursorIsShownAgainBeforeTheSummary() {
        var raw = colour.raw();
        int hidden = raw.indexOf(HIDE_CURSOR);
        int shown = raw.lastIndexOf(SHOW_CURSOR);
        int summary = raw.indexOf("2 downloaded, ");
        assertTrue(hidden >= 0 && shown > hidden && summary > shown,
                "hide at " + hidden + ", show at " + shown + ", summary at " + summary + ":\n" + visible(raw));
        assertTrue(colour.cursorVisibleAtEnd(), "tmux says the cursor is hidden after the run");
    }

    @Test
    void nothingIsDrawnAfterTheSummary() {
        var raw = colour.raw();
        var tail = raw.substring(raw.indexOf("2 downloaded, "));
        assertFalse(tail.contains("Total") || tail.contains("\u001b[J") || tail.contains("\u001b[2K"), visible(tail));
    }
}
