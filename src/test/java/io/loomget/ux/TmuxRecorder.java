package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.fail;

import io.loomget.server.RangeServer;
import io.loomget.testsupport.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Records {@code ./loomget} runs in a real terminal (a detached tmux pane): every screen read with
 * {@code capture-pane} while it runs, the last screen, and the raw bytes it wrote ({@code pipe-pane}).
 * The files it downloads come from {@code server}; each run gets its own directory under {@code tmp}.
 */
final class TmuxRecorder {

    static final int WIDTH = 100;
    static final int HEIGHT = 20;
    static final Pattern FILE_LINE = Pattern.compile("^\\S.*\\s\\d{1,3}%\\s{2,}.*/s\\s{2}ETA\\s+\\S+\\s{2}x\\d+$");
    static final Pattern TOTAL_LINE = Pattern.compile("^Total\\s{2}\\d+ done, \\d+ not found, \\d+ failed, \\d+ active, \\d+ queued\\s.*ETA\\s\\S+$");
    static final Pattern PERCENT = Pattern.compile("\\d%");

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

    private final Path tmp;
    private final RangeServer server;

    TmuxRecorder(Path tmp, RangeServer server) {
        this.tmp = tmp;
        this.server = server;
    }

    /** Like {@link #record(String, Map, List, boolean, int, String...)} in a pane {@link #WIDTH} wide. */
    Recording record(String name, Map<String, String> env, List<String> options, boolean interrupt,
                     String... files) throws Exception {
        return record(name, env, options, interrupt, WIDTH, files);
    }

    /**
     * Runs {@code ./loomget -d OUT -x 2 -k 512K [options] URL...} in a fresh pane and records it; with
     * {@code interrupt}, types Ctrl-C as soon as a file line is on the screen.
     */
    Recording record(String name, Map<String, String> env, List<String> options, boolean interrupt,
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

    /** Whether a screen shows nothing of the live area: no total line, no ETA, no percentage. */
    static boolean liveAreaGone(List<String> screen) {
        return screen.stream().noneMatch(l -> l.startsWith("Total") || l.contains("ETA") || PERCENT.matcher(l).find());
    }

    /** Escape sequences made visible for failure messages. */
    static String visible(String raw) {
        return raw.replace("\u001b", "ESC").replace("\r", "\\r");
    }
}
