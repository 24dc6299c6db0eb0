package io.loomget.ux;

import io.loomget.cli.LoomgetCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs the {@code loomget} command in this JVM, as {@code Main} does, with stdout and stderr captured. */
final class Cli {

    /** What one run printed and how it ended. */
    record Result(int exit, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }

        /** Both streams, for "never printed anywhere" checks and failure messages. */
        String all() {
            return "--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    private Cli() {}

    static Result run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cl = LoomgetCommand.commandLineFor(args); // as Main builds it
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        // A run may interrupt the calling thread (the CLI's Ctrl-C path); never leak that into the next test.
        Thread.interrupted();
        return new Result(exit, out.toString(), err.toString());
    }

    static Result run(List<String> args) {
        return run(args.toArray(String[]::new));
    }
}
