package io.loomget.cli;

import java.io.File;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/** The terminal's width in columns, asked of {@code stty} at start and again when the window changes size. */
final class TerminalSize {

    private static final int FALLBACK = 80;
    private volatile int columns;

    static TerminalSize watch() {
        var size = new TerminalSize();
        size.columns = query();
        try {
            Signal.handle(new Signal("WINCH"), s -> size.columns = query());
        } catch (IllegalArgumentException unsupported) {
            // no SIGWINCH here: the first width stays
        }
        return size;
    }

    int columns() {
        return columns;
    }

    private static int query() {
        var env = System.getenv("COLUMNS");
        try {
            var process = new ProcessBuilder("stty", "size")
                    .redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            var out = new String(process.getInputStream().readAllBytes()).trim();
            if (process.waitFor(1, TimeUnit.SECONDS) && process.exitValue() == 0) {
                var parts = out.split("\\s+");
                return Integer.parseInt(parts[1]);
            }
        } catch (Exception noTty) {
            // fall through to COLUMNS or the default
        }
        try {
            return env != null ? Integer.parseInt(env.trim()) : FALLBACK;
        } catch (NumberFormatException e) {
            return FALLBACK;
        }
    }
}
