package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.Poll;
import io.loomget.testsupport.Prerequisites;
import io.loomget.testsupport.RangeServerExtension;
import io.loomget.testsupport.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live progress view as a person sees it: {@code ./loomget} runs in a real terminal (a detached
 * tmux pane of 100 x 20), downloading throttled files from a {@link RangeServer} in this JVM; the
 * test reads the screen with {@code capture-pane} while it runs and after it ends, and the raw byte
 * stream the program wrote with {@code pipe-pane}.
 *
 * <p>One recorded run is shared by the tests that only look at it; runs with other options have their
 * own. Skipped when tmux is missing, except in CI ({@code CI=true}), where that is a failure.
 */
@ExtendWith(RangeServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES) // includes a first build of the jar
class TerminalViewTmuxTest {

    static final int WIDTH = 100;
    static final int HEIGHT = 20;
    static final String LONG_NAME =
            "a-file-with-a-rather-long-name-that-the-live-view-has-to-shorten-to-fit-into-one-row-0123456789.bin";
    static final String SHORT_NAME = "short.bin";
    static final String SMALL_NAME = "small.bin";
    static final String SLOW_NAME = "slow.bin";
    /** 14 UTF-16 units, 16 columns: 名 and 前 are two columns wide each. */
    static final String WIDE_NAME = "ünïcødé-名前.bin";
    /** Split in ranges (-x 2 -k 512K), each sent at 512 KiB/s (one file) or twice that: a second or two of live view. */
    static final long SIZE = 2L << 20;
    static final long RATE = 512 * 1024;

    static final Pattern FILE_LINE = Pattern.compile("^\\S.*\\s\\d{1,3}%\\s{2,}.*/s\\s{2}ETA\\s+\\S+\\s{2}x\\d+$");
    static final Pattern TOTAL_LINE = Pattern.compile("^Total\\s{2}\\d+ done, \\d+ not found, \\d+ failed, \\d+ active, \\d+ queued\\s.*ETA\\s\\S+$");
    static final Pattern PERCENT = Pattern.compile("\\d%");
    static final Pattern COLOUR = Pattern.compile("\u001b\\[(?:[0-9;]*;)?(?:3[0-9]|9[0-7]|38;)[0-9;]*m");
    static final String HIDE_CURSOR = "\u001b[?25l";
    static final String SHOW_CURSOR = "\u001b[?25h";

    private Path tmp;
    private RangeServer server;
    private Recording colour;

    /** What one screen looked like and whether the cursor was visible just after it was read. */
    record Frame(List<String> lines, boolean cursorVisible) {
        boolean live() {
            return lines.stream().anyMatch(l -> TOTAL_LINE.matcher(l).matches());
        }

        List<String> fileLines() {
            return lines.stream().filter(l -> FILE_LINE.matcher(l).matches()).toList();
        }

        @Override
        public String toString() {
            return String.join("\n", lines) + "\n[cursor " + (cursorVisible ? "visible" : "hidden") + "]";
        }
    }

    /** A whole run: every screen seen while it ran, the last screen, the raw output, the exit status. */
    record Recording(List<Frame> frames, List<String> finalScreen, String raw, int exitStatus,
                     boolean cursorVisibleAtEnd, String paneSize, Path out) {
        String framesText() {
            return String.join("\n----\n", frames.stream().map(Frame::toString).toList());
        }
    }

    @BeforeAll
    void startServerAndRecordARun(@TempDir Path dir, RangeServer server) throws Exception {
        tmp = dir;
        Prerequisites.require("tmux", Tmux.available());
        Launcher.ensureBuilt(tmp);
        this.server = server;
        var throttled = Behaviour.builder().rate(RATE).build();
        // the two files run at different speeds, as real ones do: their lines differ in more than the name
        server.add("/" + LONG_NAME, Content.generated(SIZE, 1)).behave("/" + LONG_NAME, throttled);
        server.add("/" + SHORT_NAME, Content.generated(SIZE, 2)).behave("/" + SHORT_NAME, Behaviour.builder().rate(2 * RATE).build());
        server.add("/" + SMALL_NAME, Content.generated(512 * 1024, 7)).behave("/" + SMALL_NAME, throttled);
        server.add("/" + WIDE_NAME, Content.generated(SIZE, 9)).behave("/" + WIDE_NAME, throttled);
        server.add("/" + SLOW_NAME, Content.generated(8L << 20, 8))
                .behave("/" + SLOW_NAME, Behaviour.builder().rate(128 * 1024).build());
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

    @Test
    void coloursAreUsedOnATerminalByDefault() {
        assertTrue(colour.raw().contains("\u001b[32mdone"), () -> visible(colour.raw()));
    }

    // --- runs of their own

    @Test
    void noColorOptionWritesNoColourCodes() throws Exception {
        var run = record("no-color-option", Map.of(), List.of("--no-color"), false, SMALL_NAME);

        assertEquals(0, run.exitStatus(), () -> String.join("\n", run.finalScreen()));
        assertTrue(run.raw().contains(HIDE_CURSOR) && run.raw().contains("Total"), "no live view drawn:\n" + visible(run.raw()));
        assertFalse(COLOUR.matcher(run.raw()).find(), () -> visible(run.raw()));
    }

    @Test
    void noColorEnvironmentVariableWritesNoColourCodes() throws Exception {
        var run = record("no-color-env", Map.of("NO_COLOR", "1"), List.of(), false, SMALL_NAME);

        assertEquals(0, run.exitStatus(), () -> String.join("\n", run.finalScreen()));
        assertTrue(run.raw().contains(HIDE_CURSOR) && run.raw().contains("Total"), "no live view drawn:\n" + visible(run.raw()));
        assertFalse(COLOUR.matcher(run.raw()).find(), () -> visible(run.raw()));
    }

    @Test
    void ctrlCLeavesTheScreenCleanWithTheCursorShown() throws Exception {
        var run = record("ctrl-c", Map.of(), List.of(), true, SLOW_NAME);

        assertEquals(130, run.exitStatus(), () -> String.join("\n", run.finalScreen()));
        var screen = run.finalScreen();
        assertTrue(screen.stream().noneMatch(l -> l.startsWith("Total") || l.contains("ETA") || PERCENT.matcher(l).find()),
                screen::toString);
        assertTrue(screen.stream().anyMatch(l -> l.contains("1 interrupted")), screen::toString);
        assertTrue(run.cursorVisibleAtEnd(), "cursor still hidden after Ctrl-C:\n" + visible(run.raw()));
    }

    @Test
    void aSecondCtrlCLeavesTheScreenCleanWithTheCursorShownAndTheProgressSaved() throws Exception {
        var dir = Files.createDirectories(tmp.resolve("ctrl-c-twice"));
        var out = dir.resolve("out");
        var command = List.of(Launcher.path().toString(), "-d", out.toString(), "-x", "2", "-k", "512K",
                server.uri("/" + SLOW_NAME).toString());
        var environment = new HashMap<String, String>();
        environment.put("NO_COLOR", null);
        try (var tmux = Tmux.start(dir, WIDTH, HEIGHT, environment, command)) {
            tmux.sendKeys("Enter");
            var screen = Poll.until(Duration.ofMinutes(3), "a file line on the screen", tmux::screen,
                    lines -> new Frame(lines, false).fileLines().size() > 0 || Tmux.exitStatus(lines).isPresent());
            assertTrue(Tmux.exitStatus(screen).isEmpty(), "ended before it could be interrupted: " + screen);
            // Two keystrokes, each its own tmux call: two signals, the second while the first is handled.
            tmux.sendKeys("C-c");
            tmux.sendKeys("C-c");
            var end = Poll.until(Duration.ofSeconds(20), "the exit status", tmux::screen,
                    lines -> Tmux.exitStatus(lines).isPresent());

            assertEquals(130, Tmux.exitStatus(end).orElseThrow(), end::toString);
            assertTrue(end.stream().noneMatch(l -> l.startsWith("Total") || l.contains("ETA") || PERCENT.matcher(l).find()),
                    end::toString);
            assertTrue(tmux.cursorVisible(), "cursor still hidden after a second Ctrl-C: " + end);
        }
        var target = out.resolve(SLOW_NAME);
        var state = io.loomget.internal.io.ResumeState.read(io.loomget.internal.io.ResumeState.pathFor(target));
        assertTrue(state.isPresent(), "no state for -c after two Ctrl-C: " + io.loomget.testsupport.Dirs.names(out));
        assertTrue(state.get().doneBytes() > 0);
    }

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
        assertTrue(screen.stream().noneMatch(l -> l.startsWith("Total") || l.contains("ETA") || PERCENT.matcher(l).find()),
                screen::toString);
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

    // --- helpers

    private Recording record(String name, Map<String, String> env, List<String> options, boolean interrupt,
                             String... files) throws Exception {
        return record(name, env, options, interrupt, WIDTH, files);
    }

    /**
     * Runs {@code ./loomget -d OUT -x 2 -k 512K [options] URL...} in a fresh pane and records it; with
     * {@code interrupt}, types Ctrl-C as soon as a file line is on the screen.
     */
    private Recording record(String name, Map<String, String> env, List<String> options, boolean interrupt,
                             int width, String... files) throws Exception {
        var dir = Files.createDirectories(tmp.resolve(name));
        var out = dir.resolve("out");
        var raw = dir.resolve("raw.log");
        var command = new ArrayList<>(List.of(Launcher.path().toString(), "-d", out.toString(), "-x", "2", "-k", "512K"));
        command.addAll(options);
        for (var file : files) {
            command.add(server.uri("/" + file).toASCIIString());
        }
        var environment = new HashMap<String, String>();
        environment.put("NO_COLOR", null);
        environment.putAll(env);
        var frames = new ArrayList<Frame>();
        try (var tmux = Tmux.start(dir, width, HEIGHT, environment, command)) {
            var paneSize = tmux.display("#{pane_width}x#{pane_height}");
            tmux.pipePane(raw);
            tmux.sendKeys("Enter");
            boolean interrupted = false;
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos(); // a rebuild by the launcher is slow
            while (true) {
                var frame = new Frame(tmux.screen(), tmux.cursorVisible());
                if (Tmux.exitStatus(frame.lines()).isPresent()) {
                    break;
                }
                frames.add(frame);
                if (interrupt && !interrupted && !frame.fileLines().isEmpty()) {
                    tmux.sendKeys("C-c");
                    interrupted = true;
                }
                if (System.nanoTime() - deadline > 0) {
                    fail("loomget did not end; last screen:\n" + frame);
                }
                Thread.sleep(40); // the pause between two looks at the screen
            }
            var screen = tmux.screen();
            boolean cursor = tmux.cursorVisible();
            int status = Tmux.exitStatus(screen).orElseThrow();
            var finalScreen = screen.stream().takeWhile(l -> !Tmux.EXIT_LINE.matcher(l).matches()).toList();
            // pipe-pane's cat may still be writing the last bytes
            var text = Poll.until(Duration.ofSeconds(10), "the summary in the raw output",
                    () -> Files.exists(raw) ? Files.readString(raw) : "",
                    s -> s.contains(" downloaded, "));
            return new Recording(List.copyOf(frames), finalScreen, text, status, cursor, paneSize, out);
        }
    }

    /** Escape sequences made visible for failure messages. */
    static String visible(String raw) {
        return raw.replace("\u001b", "ESC").replace("\r", "\\r");
    }
}
