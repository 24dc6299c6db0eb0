package io.loomget.cli.report;

import io.loomget.FileResult;
import java.time.Duration;
import java.util.List;

/**
 * The closing report of a run, like Fluent Python's flags2 scripts print it:
 * {@code 3 downloaded, 1 not found, 1 failed: 45.6 MiB in 3.20 s (14.2 MiB/s)}. {@code bytes} came
 * over the network in this run (the speed is theirs); {@code reused} were continued from part files
 * an earlier run left ({@code -c}); files found already complete ({@code -c}) count apart.
 */
public record Summary(int downloaded, int alreadyComplete, int notFound, int failed, int cancelled, long bytes,
                      long reused, Duration elapsed) {

    public static Summary of(List<FileResult> results, int rejectedInputs, Duration elapsed) {
        int downloaded = 0, complete = 0, notFound = 0, failed = rejectedInputs, cancelled = 0;
        long bytes = 0, reused = 0;
        for (var r : results) {
            switch (r) {
                case FileResult.Downloaded d -> {
                    downloaded++;
                    bytes += d.fetched();
                    reused += d.reused();
                }
                case FileResult.AlreadyComplete c -> complete++;
                case FileResult.NotFound n -> notFound++;
                case FileResult.Failed f -> failed++;
                case FileResult.Cancelled c -> cancelled++;
            }
        }
        return new Summary(downloaded, complete, notFound, failed, cancelled, bytes, reused, elapsed);
    }

    public boolean allOk() {
        return notFound == 0 && failed == 0 && cancelled == 0;
    }

    public String render() {
        var sb = new StringBuilder().append(downloaded).append(" downloaded, ");
        if (alreadyComplete > 0) {
            sb.append(alreadyComplete).append(" already complete, ");
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
