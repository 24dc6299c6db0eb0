package io.loomget.engine;

import io.loomget.events.DownloadListener;
import io.loomget.http.Transport;
import io.loomget.http.EnvironmentProxies;
import io.loomget.io.TargetRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;

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
        ThreadFactory threads = settings.threads().factory("loomget");
        try (var transport = new Transport(transportOptions(settings))) {
            var hosts = new HostLimiter(settings.effectiveHostLimit(), HostLimiter.heapBudget(Runtime.getRuntime().maxMemory()));
            var batch = new BatchContext(settings, transport, hosts,
                    new RateLimiter(settings.limitRate()), new TargetRegistry(settings.overwrite()), threads, listener);
            return BoundedScope.map("batch", threads, settings.filesAtOnce(), requests,
                    request -> new FileDownload(request, batch).run(),
                    request -> new FileResult.Cancelled(request, Duration.ZERO));
        }
    }
}
