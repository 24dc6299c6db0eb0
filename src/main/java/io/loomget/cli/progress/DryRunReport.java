package io.loomget.cli.progress;

import io.loomget.InputProblem;
import io.loomget.Inspection;
import io.loomget.cli.report.Units;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * {@code --dry-run}'s output: a line per URL (name, size, ranges, validator, final URL) or a
 * {@code probed} JSON object, failures like a download's, and a summary of its own.
 */
public final class DryRunReport {

    private final PrintWriter out;
    private final PrintWriter err;
    private final JsonView json;

    public DryRunReport(PrintWriter out, PrintWriter err, boolean json) {
        this.out = out;
        this.err = err;
        this.json = json ? new JsonView(out) : null;
    }

    /** Shows the input problems and reports; returns how many failed (problems included). */
    public int show(List<InputProblem> problems, List<Inspection> reports, Duration elapsed) {
        ProgressView view = json != null ? json : new LogView(out, err, true, Duration.ZERO);
        problems.forEach(p -> view.on(p.toEvent()));
        int probed = 0;
        int failed = problems.size();
        for (var report : reports) {
            if (report.error() != null) {
                failed++;
            } else {
                probed++;
            }
            if (json != null) {
                json.inspected(report);
            } else if (report.error() != null) {
                err.println("loomget: failed: " + report.request().displayUri() + ": " + report.error());
            } else {
                out.println(line(report));
            }
        }
        if (json != null) {
            json.dryRunEnd(probed, failed, elapsed);
        } else {
            out.println("dry run: " + probed + " probed, " + failed + " failed in " + Units.seconds(elapsed)
                    + "; nothing was downloaded");
        }
        return failed;
    }

    private static String line(Inspection report) {
        var size = report.size() >= 0 ? Units.bytes(report.size()) + " (" + report.size() + " bytes)" : "size unknown";
        return path(report) + "  " + size
                + "  ranges " + (report.rangeable() ? "yes" : "no")
                + "  validator " + (report.validator() == null ? "none" : report.validator())
                + "  " + report.finalUri();
    }

    /** Where the file would be saved, relative to {@code -d}: with its {@code dir=} or {@code -o sub/}, as a download saves it. */
    static String path(Inspection report) {
        var dir = report.request().dir();
        return dir == null ? report.name() : dir.resolve(report.name()).toString();
    }
}
