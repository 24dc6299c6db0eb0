package io.loomget.cli.report;

import io.loomget.FileResult;
import java.time.Duration;
import java.util.List;

/**
 * The closing report of a run, like Fluent Python's flags2 scripts print it:
 * {@code 3 downloaded, 1 not found, 1 failed: 45.6 MiB in 3.20 s (14.2 MiB/s)}.
 */
public record Summary(int downloaded, int notFound, int failed, int cancelled, long bytes, Duration elapsed) {

    public static Summary of(List<FileResult> results, int rejectedInputs, Duration elapsed) {
        int downloaded = 0, notFound = 0, failed = rejectedInputs, cancelled = 0;
        long bytes = 0;
        for (var r : results) {
            switch (r) {
                case FileResult.Downloaded d -> {
                    downloaded++;
                    bytes += d.bytes();
                }
                case FileResult.NotFound n -> notFound++;
                case FileResult.Failed f -> failed++;
                case FileResult.Cancelled c -> cancelled++;
            }
        }
        return new Summary(downloaded, notFound, failed, cancelled, bytes, elapsed);
    }

    public boolean allOk() {
        return notFound == 0 && failed == 0 && cancelled == 0;
    }

    public String render() {
        var sb = new StringBuilder()
                .append(downloaded).append(" downloaded, ")
                .append(notFound).append(" not found, ")
                .append(failed).append(" failed");
        if (cancelled > 0) {
            sb.append(", ").append(cancelled).append(" interrupted");
        }
        return sb.append(": ").append(Units.bytes(bytes)).append(" in ").append(Units.seconds(elapsed))
                .append(" (").append(Units.rate(bytes, elapsed)).append(")").toString();
    }
}
