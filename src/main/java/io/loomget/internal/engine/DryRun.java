package io.loomget.internal.engine;

import io.loomget.DownloadRequest;
import io.loomget.Inspection;
import io.loomget.Settings;
import io.loomget.internal.http.JdkTransport;
import java.io.IOException;
import java.util.List;

/**
 * {@code --dry-run}: what loomget would do with each URL — name, size, range support, validator —
 * found with the same first request a download makes, whose body is then dropped unread.
 */
final class DryRun {

    private DryRun() {}

    static List<Inspection> run(Settings settings, List<DownloadRequest> requests) {
        try (var transport = new JdkTransport(BatchRun.transportOptions(settings))) {
            var prober = new Prober(transport, settings.retry(), io.loomget.DownloadListener.NONE); // probes once: no retries
            long window = FileDownload.probeWindow(settings);
            return BoundedScope.map("dry-run", settings.threads().factory("loomget-probe"), settings.filesAtOnce(),
                    requests, request -> inspect(prober, request, window),
                    request -> new Inspection(request, null, -1, false, null, null, "interrupted"));
        }
    }

    private static Inspection inspect(Prober prober, DownloadRequest request, long window) {
        try {
            var probe = prober.probe(request.uri(), request.headers(), window);
            probe.response().body().close();
            // The validator is the server's ETag or Last-Modified, printed as it came: made printable first.
            return new Inspection(request, FileDownload.chooseName(request, probe), probe.size(), probe.rangeable(),
                    Printable.of(probe.ifRange()), Redaction.redact(probe.finalUri()), null);
        } catch (IOException | RuntimeException e) {
            return new Inspection(request, null, -1, false, null, null, Failures.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Inspection(request, null, -1, false, null, null, "interrupted");
        }
    }
}
