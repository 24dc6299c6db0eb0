package io.loomget.engine;

import io.loomget.events.DownloadListener;
import io.loomget.http.Transport;
import io.loomget.http.EnvironmentProxies;
import io.loomget.io.TargetRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * All files of one run: an outer scope with one subtask per file, at most {@code -j} of them at once
 * (a {@link Semaphore}). A file's failure is its own: the others go on.
 */
public final class Batch {

    private final Settings settings;
    private final DownloadListener listener;

    public Batch(Settings settings, DownloadListener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    static Transport.Options transportOptions(Settings settings) {
        var headers = new java.util.LinkedHashMap<String, String>();
        headers.put("User-Agent", Transport.USER_AGENT);
        headers.putAll(settings.headers());
        // With virtual threads, the client's own steps run on virtual threads too (else a pool of platform ones).
        var executor = settings.threads() == ThreadKind.VIRTUAL
                ? java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor() : null;
        return new Transport.Options(settings.connectTimeout(), settings.idleTimeout(), headers,
                EnvironmentProxies.from(settings.proxy(), System.getenv()), settings.http2(), settings.credentials(),
                executor);
    }

    /**
     * Downloads every request and returns their outcomes in input order. When the calling thread is
     * interrupted, the files in flight are cancelled and the rest are reported as {@link FileResult.Cancelled}.
     */
    public List<FileResult> run(List<DownloadRequest> requests) {
        var results = new AtomicReferenceArray<FileResult>(requests.size());
        ThreadFactory threads = settings.threads().factory("loomget");
        var filesAtOnce = new Semaphore(settings.filesAtOnce());
        try (var transport = new Transport(transportOptions(settings));
             var scope = Scopes.<FileResult>independent("batch", threads)) {
            var batch = new BatchContext(settings, transport, new HostLimiter(settings.effectiveHostLimit()),
                    new RateLimiter(settings.limitRate()), new TargetRegistry(settings.overwrite()), threads, listener);
            for (int i = 0; i < requests.size(); i++) {
                // Acquired by the owner, before the fork: a queued file costs no thread at all.
                filesAtOnce.acquire();
                var request = requests.get(i);
                int index = i;
                scope.fork(() -> {
                    try {
                        var result = new FileDownload(request, batch).run();
                        results.set(index, result);
                        return result;
                    } finally {
                        filesAtOnce.release();
                    }
                });
            }
            scope.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Scopes.SubtaskFailedException impossible) {
            throw new IllegalStateException("an independent scope does not fail", impossible);
        }
        var outcomes = new ArrayList<FileResult>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            var result = results.get(i);
            outcomes.add(result != null ? result : new FileResult.Cancelled(requests.get(i), java.time.Duration.ZERO));
        }
        return outcomes;
    }
}
