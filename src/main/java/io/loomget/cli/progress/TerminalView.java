package io.loomget.cli.progress;

import io.loomget.DownloadEvent;
import io.loomget.FileProgress;
import io.loomget.FileResult;
import io.loomget.cli.report.Summary;
import io.loomget.cli.report.Units;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The live view on a terminal: one line per file in flight (name, percent, bytes, speed, ETA,
 * connections) and a total line, redrawn in place at most 10 times a second. Finished files scroll
 * up as permanent lines. Each frame is written at once, so nothing flickers; the area is cleared at
 * the end and on Ctrl-C.
 */
public final class TerminalView implements ProgressView {

    static final Duration FRAME = Duration.ofMillis(100);
    private static final String CLEAR_LINE = "\033[2K";
    private static final String CLEAR_DOWN = "\033[J";
    private static final String HIDE_CURSOR = "\033[?25l";
    private static final String SHOW_CURSOR = "\033[?25h";
    /** A name is shortened to no fewer columns than this before the progress fields give way. */
    static final int MIN_NAME_COLUMNS = 12;
    /** The most file lines drawn, however tall the terminal. */
    static final int MAX_FILE_LINES = 20;

    private final PrintWriter out;
    private final Style style;
    private final IntSupplier width;
    private final IntSupplier height;
    private final Totals totals = new Totals();
    private final Speedometer speeds = new Speedometer();
    private ScheduledExecutorService ticker;
    private int linesOnScreen;

    /**
     * @param width the terminal's columns, asked again at every frame (so a resize takes effect)
     */
    public TerminalView(PrintWriter out, boolean color, IntSupplier width) {
        this(out, color, width, () -> Integer.MAX_VALUE);
    }

    /**
     * @param height the terminal's rows, asked again at every frame: an area taller than the screen
     *               could not be moved back over, and would leave a copy of itself at every frame
     */
    public TerminalView(PrintWriter out, boolean color, IntSupplier width, IntSupplier height) {
        this.out = out;
        this.style = new Style(color);
        this.width = width;
        this.height = height;
    }

    @Override
    public void begin(int files) {
        totals.begin(files);
        out.print(HIDE_CURSOR);
        out.flush();
        ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("loomget-tty").factory());
        // Fixed delay, not rate: after a suspension (Ctrl-Z, a laptop asleep) a fixed rate replays every missed frame at once.
        ticker.scheduleWithFixedDelay(this::redraw, 0, FRAME.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void on(DownloadEvent event) {
        totals.on(event);
        switch (event) {
            case DownloadEvent.FileFinished(var result) -> {
                speeds.forgetLater(result.request());
                permanent(finishedLine(result));
            }
            case DownloadEvent.Notice(var request, var message) ->
                    permanent(style.dim("note: " + request.displayUri() + ": " + message));
            case DownloadEvent.Rejected(var source, var url, var reason) ->
                    permanent(style.red("failed ") + source + ": " + reason);
            case DownloadEvent.HostPaused(var host, var wait, var reason) ->
                    permanent(style.dim("pause  ") + host + ": " + reason + "; no new connection to it for "
                            + Units.seconds(wait));
            case DownloadEvent.ProbeRetried(var request, var attempt, var reason, var delay) ->
                    permanent(style.dim("retry  ") + request.displayUri() + ": attempt " + attempt + ": " + reason
                            + "; next try in " + Units.seconds(delay));
            default -> { }
        }
    }

    private String finishedLine(FileResult result) {
        return switch (result) {
            case FileResult.Downloaded d -> style.green("done   ") + LogView.describe(d);
            case FileResult.AlreadyComplete c -> style.green("skip   ") + LogView.describe(c);
            case FileResult.NotFound n -> style.red("404    ") + n.request().displayUri() + ": not found (HTTP " + n.status() + ")";
            case FileResult.Failed f -> style.red("failed ") + f.request().displayUri() + ": " + f.reason();
            case FileResult.Cancelled c -> null;
        };
    }

    /** Prints a line above the live area, which is then drawn again below it. */
    private synchronized void permanent(String line) {
        if (line == null) {
            return;
        }
        var frame = new StringBuilder();
        eraseArea(frame);
        frame.append(line).append('\n'); // not cut: it scrolls away and is never redrawn
        linesOnScreen = 0;
        if (ticker != null) {
            drawArea(frame);
        }
        out.print(frame);
        out.flush();
    }

    /** Stderr shares the terminal: the area is erased before, so it is not left behind, nor drawn over what is printed. */
    @Override
    public synchronized void interject(Runnable print) {
        var frame = new StringBuilder();
        eraseArea(frame);
        out.print(frame);
        out.flush();
        print.run();
        if (ticker != null) {
            redraw();
        }
    }

    synchronized void redraw() {
        var frame = new StringBuilder();
        eraseArea(frame);
        drawArea(frame);
        out.print(frame);
        out.flush();
    }

    private void eraseArea(StringBuilder frame) {
        if (linesOnScreen > 0) {
            frame.append("\r\033[").append(linesOnScreen).append('A').append(CLEAR_DOWN);
        }
        linesOnScreen = 0;
    }

    private void drawArea(StringBuilder frame) {
        int columns = Math.max(20, width.getAsInt());
        long now = System.nanoTime();
        var active = totals.active();
        // The total line and the row the cursor waits on take two rows, and one row above is left: an
        // area that starts on the top row is erased by clearing the whole screen, which tmux (its
        // scroll-on-clear) copies into the scrollback at every frame.
        int room = Math.min(MAX_FILE_LINES, height.getAsInt() - 3);
        int shown = active.size() <= room ? active.size() : Math.max(0, room - 1);
        for (var line : fileLines(active.subList(0, shown), columns, now)) {
            frame.append(CLEAR_LINE).append(line).append('\n');
            linesOnScreen++;
        }
        if (active.size() > shown && room > 0) {
            frame.append(CLEAR_LINE).append(style.dim(fit("  … and " + (active.size() - shown) + " more", columns))).append('\n');
            linesOnScreen++;
        }
        frame.append(CLEAR_LINE).append(totalLine(columns, now)).append('\n');
        linesOnScreen++;
    }

    /**
     * The lines of the files shown in one frame, all with the same fields: each line choosing by its
     * own name's width would put the percent of a short name in another column than a long one's.
     */
    List<String> fileLines(List<FileProgress> files, int columns, long now) {
        int nameColumns = files.stream().mapToInt(f -> Math.min(DisplayWidth.of(name(f)), MIN_NAME_COLUMNS)).max().orElse(0);
        return files.stream().map(f -> fileLine(f, columns, now, nameColumns)).toList();
    }

    private static String name(FileProgress file) {
        return file.target().getFileName().toString();
    }

    /** A file's line alone, with the fields its own name leaves room for. */
    String fileLine(FileProgress file, int columns, long now) {
        return fileLine(file, columns, now, Math.min(DisplayWidth.of(name(file)), MIN_NAME_COLUMNS));
    }

    /**
     * {@code name ......  42%  12.3 MiB/64.0 MiB  10.1 MiB/s  ETA 0:05  x8}, exactly {@code columns - 1}
     * display columns wide. On a narrow terminal the fields on the right go first (connections, then
     * the amount, then the ETA), then the name is shortened: the percent and the speed stay.
     */
    private String fileLine(FileProgress file, int columns, long now, int nameColumns) {
        long bytes = file.bytes();
        // Bytes a resume found on disk are no speed: only this run's count.
        double rate = speeds.rate(file.request(), file.fetched(), now, file.startNanos());
        var percent = file.size() > 0 ? String.format(Locale.ROOT, "%3d%%", bytes * 100 / file.size()) : file.size() == 0 ? "100%" : "  ?%";
        var amount = Units.bytes(bytes) + (file.size() >= 0 ? "/" + Units.bytes(file.size()) : "");
        var speed = Units.bytes((long) rate) + "/s";
        var eta = eta(file.size() >= 0 ? file.size() - bytes : -1, rate);
        // Fixed-width, right-aligned fields: the columns stay put from frame to frame.
        var tails = new String[] {
            String.format(Locale.ROOT, "  %4s  %17s  %10s  ETA %5s  x%d", percent, amount, speed, eta, file.connections()),
            String.format(Locale.ROOT, "  %4s  %17s  %10s  ETA %5s", percent, amount, speed, eta),
            String.format(Locale.ROOT, "  %4s  %10s  ETA %5s", percent, speed, eta),
            String.format(Locale.ROOT, "  %4s  %10s", percent, speed),
            String.format(Locale.ROOT, "  %4s", percent)};
        var name = name(file);
        String tail = tails[tails.length - 1];
        for (var candidate : tails) {
            int room = columns - 1 - candidate.length();
            if (room >= nameColumns) {
                tail = candidate;
                break;
            }
        }
        int nameWidth = columns - 1 - tail.length();
        if (nameWidth < 1) {
            return fit(name + tail, columns);
        }
        return DisplayWidth.padRight(shorten(name, nameWidth), nameWidth) + tail;
    }

    /**
     * The total line. On a narrow terminal the counts that are 0 go first, then the ETA, then the
     * bytes, then the speed and the word Total: a line cut at the width would end in half a number.
     */
    String totalLine(int columns, long now) {
        long bytes = totals.bytes();
        double rate = speeds.rate(Totals.class, bytes, now, now - totals.elapsedNanos());
        var amount = Units.bytes(bytes);
        var speed = Units.bytes((long) rate) + "/s";
        var eta = "ETA " + eta(totals.queued() == 0 ? totals.remainingBytes() : -1, rate);
        var compact = "Total  " + totals.compactCounts() + "  ";
        var candidates = List.of(
                "Total  " + totals.counts() + "  " + amount + "  " + speed + "  " + eta,
                compact + amount + "  " + speed + "  " + eta,
                compact + amount + "  " + speed,
                compact + speed,
                compact.strip(),
                totals.compactCounts());
        var line = candidates.stream().filter(c -> DisplayWidth.of(c) <= columns - 1).findFirst()
                .orElse(candidates.getLast());
        return style.bold(fit(line, columns));
    }

    static String eta(long remaining, double rate) {
        if (remaining < 0 || rate < 1) {
            return "--:--";
        }
        long s = (long) Math.ceil(remaining / rate);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Long names keep their start and end: {@code ubuntu-24.04…amd64.iso}; {@code width} in display columns. */
    static String shorten(String name, int width) {
        if (DisplayWidth.of(name) <= width) {
            return name;
        }
        if (width < 2) {
            return DisplayWidth.cut(name, width);
        }
        int head = (width - 1) * 2 / 3;
        var start = DisplayWidth.cut(name, head);
        // a wide character that did not fit in the head leaves a column for the tail
        return start + "…" + DisplayWidth.cutFromEnd(name, width - 1 - DisplayWidth.of(start));
    }

    /** Cut to fit one terminal row, in display columns: a wrapped line would break the in-place redraw. */
    static String fit(String line, int columns) {
        return DisplayWidth.cut(line, Math.max(0, columns - 1));
    }

    @Override
    public void end(Summary summary) {
        close();
        out.println(summary.allOk() ? style.bold(summary.render()) : style.red(summary.render()));
        out.flush();
    }

    @Override
    public synchronized void close() {
        if (ticker == null) {
            return;
        }
        ticker.shutdownNow();
        ticker = null;
        var frame = new StringBuilder();
        eraseArea(frame);
        out.print(frame.append(SHOW_CURSOR));
        out.flush();
    }

    /** ANSI colours, or none ({@code --no-color}, {@code NO_COLOR}). */
    private record Style(boolean on) {
        String green(String s) { return on ? "\033[32m" + s + "\033[0m" : s; }
        String red(String s) { return on ? "\033[31m" + s + "\033[0m" : s; }
        String bold(String s) { return on ? "\033[1m" + s + "\033[0m" : s; }
        String dim(String s) { return on ? "\033[2m" + s + "\033[0m" : s; }
    }
}
