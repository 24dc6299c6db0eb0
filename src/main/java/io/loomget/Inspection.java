package io.loomget;

import io.loomget.internal.engine.DryRun;
import java.util.List;

/**
 * What loomget would do with each URL — name, size, range support, validator — found with the same
 * first request a download makes, whose body is then dropped unread ({@code --dry-run}).
 */
public final class Inspection {

    /** One URL's answer; {@code error} is null when the probe worked. */
    public record Report(DownloadRequest request, String name, long size, boolean rangeable, String validator,
                         String finalUri, String error) {}

    private Inspection() {}

    /** Probes every request, at most {@code -j} at once; the reports come back in input order. */
    public static List<Report> run(Settings settings, List<DownloadRequest> requests) {
        return DryRun.run(settings, requests);
    }
}
