package io.loomget.cli.report;

import io.loomget.FileResult;
import java.time.Duration;
import java.util.List;

/**
 * The closing report of a run, like Fluent Python's flags2 scripts print it:
 * {@code 3 downloaded, 1 not found, 1 failed: 45.6 MiB in 3.20 s (14.2 MiB/s)}. {@code bytes} came
 * over the network in this run, for every file, also those that failed or were interrupted (the speed is theirs); {@code reused} were continued from part files
 * an earlier run left ({@code -c}); files found already complete ({@code -c}) and those the server said
 * are up to date ({@code -N}) count apart.
 */
public record Summary(long downloaded, long alreadyComplete, long upToDate, long notFound, long failed, long cancelled,
                      long bytes, long reused, Duration elapsed) {

    public static Summary of(List<FileResult> results, int rejectedInputs, Duration elapsed) {
        var tally = new Tally();
        results.forEach(tally);
        for (int i = 0; i < rejectedInputs; i++) {
            tally.rejected();
        }
        return tally.summary(elapsed);
    }

    public boolean allOk() {
        return notFound == 0 && failed == 0 && cancelled == 0;
    }

    public String render() {
        var sb = new StringBuilder().append(downloaded).append(" downloaded, ");
        if (alreadyComplete > 0) {
            sb.append(alreadyComplete).append(" already complete, ");
        }
        if (upToDate > 0) {
            sb.append(upToDate).append(" up to date, ");
        }
        sb.append(notFound).append(" not found, ").append(failed).append(" failed");
        if (cancelled > 0) {
            sb.append(", ").append(cancelled).append(" interrupted");
        }
        sb.append(": ").append(Units.bytes(bytes)).append(" in ").append(Units.seconds(elapsed))
                .append(" (").append(Units.rate(bytes, elapsed)).append(")");
        if (reused > 0) {
            sb.append(", ").append(Units.bytes(reused)).append(" already on disk");
        }
        return sb.toString();
    }
}
