package io.loomget.cli;

import java.io.File;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/** The terminal's width in columns and height in rows, asked of {@code stty} at start and again when the window changes size. */
final class TerminalSize {

    private static final int FALLBACK = 80;
    private static final int FALLBACK_ROWS = 24;

    /** Both from one answer, so that a reader never sees the width of one size and the height of another. */
    private record Size(int rows, int columns) {}

    private volatile Size size;

    static TerminalSize watch() {
        var size = new TerminalSize();
        size.size = query();
        try {
            Signal.handle(new Signal("WINCH"), s -> size.size = query());
        } catch (IllegalArgumentException unsupported) {
            // no SIGWINCH here: the first width stays
        }
        return size;
    }

    int columns() {
        return size.columns();
    }

    int rows() {
        return size.rows();
    }

    private static Size query() {
        var env = System.getenv("COLUMNS");
        try {
            var process = new ProcessBuilder("stty", "size")
                    .redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            var out = new String(process.getInputStream().readAllBytes()).trim();
            if (process.waitFor(1, TimeUnit.SECONDS) && process.exitValue() == 0) {
                var parts = out.split("\\s+");
                return new Size(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (Exception noTty) {
            // fall through to COLUMNS or the default
        }
        return new Size(number(System.getenv("LINES"), FALLBACK_ROWS), number(env, FALLBACK));
    }

    private static int number(String value, int fallback) {
        try {
            return value != null ? Integer.parseInt(value.trim()) : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
