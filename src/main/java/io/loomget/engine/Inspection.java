package io.loomget.engine;

import io.loomget.http.Transport;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code --dry-run}: what loomget would do with each URL — name, size, range support, validator —
 * found with the same first request a download makes, whose body is then dropped unread.
 */
public final class Inspection {

    /** One URL's answer; {@code error} is null when the probe worked. */
    public record Report(DownloadRequest request, String name, long size, boolean rangeable, String validator,
                         String finalUri, String error) {}

    private Inspection() {}

    public static List<Report> run(Settings settings, List<DownloadRequest> requests) {
        var reports = new AtomicReferenceArray<Report>(requests.size());
        var permits = new Semaphore(settings.filesAtOnce());
        var threads = settings.threads().factory("loomget-probe");
        try (var transport = new Transport(Batch.transportOptions(settings));
             var scope = Scopes.<Report>independent("dry-run", threads)) {
            var prober = new Prober(transport);
            for (int i = 0; i < requests.size(); i++) {
                permits.acquire();
                var request = requests.get(i);
                int index = i;
                scope.fork(() -> {
                    try {
                        var report = inspect(prober, request, FileDownload.probeWindow(settings));
                        reports.set(index, report);
                        return report;
                    } finally {
                        permits.release();
                    }
                });
            }
            scope.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Scopes.SubtaskFailedException impossible) {
            throw new IllegalStateException(impossible);
        }
        return java.util.stream.IntStream.range(0, requests.size())
                .mapToObj(i -> reports.get(i) != null ? reports.get(i)
                        : new Report(requests.get(i), null, -1, false, null, null, "interrupted"))
                .toList();
    }

    private static Report inspect(Prober prober, DownloadRequest request, long window) throws InterruptedException {
        try {
            var probe = prober.probe(request.uri(), request.headers(), window);
            probe.response().body().close();
            return new Report(request, FileDownload.chooseName(request, probe), probe.size(), probe.rangeable(),
                    probe.ifRange(), io.loomget.engine.Redaction.redact(probe.finalUri()), null);
        } catch (IOException | RuntimeException e) {
            return new Report(request, null, -1, false, null, null, Failures.describe(e));
        }
    }
}
