package io.loomget.cli.progress;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.IntSupplier;

/** Which view shows a run: JSON when asked; the live view on a terminal; plain lines in pipes and logs. */
public final class Views {

    /** How often the plain log prints a totals line. */
    public static final Duration LOG_PERIOD = Duration.ofSeconds(5);

    private Views() {}

    /**
     * @param terminal whether stdout is a terminal (see {@link #stdoutIsTerminal()})
     * @param columns  the terminal's width, read at each redraw
     * @param rows     the terminal's height, read at each redraw
     */
    public static ProgressView choose(PrintWriter out, PrintWriter err, boolean json, boolean quiet, boolean color,
                                      boolean terminal, IntSupplier columns, IntSupplier rows) {
        if (json) {
            return new JsonView(out, quiet);
        }
        if (!quiet && terminal) {
            return new TerminalView(out, color, columns, rows);
        }
        return new LogView(out, err, quiet, LOG_PERIOD);
    }

    /**
     * Whether a terminal of this {@code TERM} moves its cursor as the live view tells it: not a
     * {@code dumb} one (Emacs' shell, some CI consoles), which shows the codes as text. It gets the
     * plain lines of a log, as curl, wget and cargo do.
     */
    public static boolean drawsInPlace(String term) {
        return !"dumb".equals(term);
    }

    /**
     * Whether stdout is a terminal. The launcher knows it for free ({@code test -t 1}) and passes it
     * on; without that hint the JDK is asked, which costs a service lookup (up to 0.04 s) per run.
     */
    public static boolean stdoutIsTerminal() {
        var hint = System.getProperty("loomget.stdout.tty");
        if (hint != null) {
            return Boolean.parseBoolean(hint);
        }
        var console = System.console();
        return console != null && console.isTerminal();
    }
}
