package io.loomget.internal.engine;

import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.Inspection;
import io.loomget.Settings;
import io.loomget.ThreadKind;
import io.loomget.internal.http.CookieFile;
import io.loomget.internal.http.CookieJar;
import io.loomget.internal.http.EnvironmentProxies;
import io.loomget.internal.http.JdkTransport;
import io.loomget.internal.http.Netrc;
import io.loomget.internal.http.TlsMaterial;
import io.loomget.internal.http.Transport;
import io.loomget.internal.io.Storage;
import io.loomget.internal.io.TargetRegistry;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The engine behind {@link io.loomget.Batch}: per run, one HTTP client, the host and heap limits, the
 * rate limit and the names handed out ({@link BatchContext}), and an outer scope with one subtask per
 * file, at most {@code -j} of them at once ({@link BoundedScope}).
 */
public final class BatchRun {

    private final Settings settings;
    private final DownloadListener listener;
    private final Checkpoints checkpoints = new Checkpoints();
    private final Function<Settings, Transport> transports;
    private final Storage storage;
    private final Function<Settings, HostLimiter> limits;

    public BatchRun(Settings settings, DownloadListener listener) {
        this(settings, listener, s -> new JdkTransport(transportOptions(s)), Storage.DISK);
    }

    /**
     * With another transport than the JDK's HttpClient (made anew for each run and closed after it)
     * or another storage than the local disk: the seams tests use.
     */
    BatchRun(Settings settings, DownloadListener listener, Function<Settings, Transport> transports, Storage storage) {
        this(settings, listener, transports, storage,
                s -> limitsFor(s, Runtime.getRuntime().maxMemory()));
    }

    /** With the connection slots and response windows of {@code limits} (made anew for each run). */
    BatchRun(Settings settings, DownloadListener listener, Function<Settings, Transport> transports, Storage storage,
             Function<Settings, HostLimiter> limits) {
        this.settings = settings;
        this.listener = Listeners.isolated(listener);
        this.transports = transports;
        this.storage = storage;
        this.limits = limits;
    }

    /**
     * The connection slots and windows of a run on a heap of {@code maxHeap} bytes, with the client's
     * read buffer sized so that each of its files at once can have a connection ({@link ClientProperties}).
     */
    static HostLimiter limitsFor(Settings settings, long maxHeap) {
        return HostLimiter.forHeap(settings.effectiveHostLimit(), maxHeap,
                ClientProperties.setDefaults(maxHeap, settings.filesAtOnce()));
    }

    /** The connections a run of {@code settings} may have open at once in this JVM: the slots of {@link #limitsFor}. */
    public static int connectionsAtOnce(Settings settings) {
        long maxHeap = Runtime.getRuntime().maxMemory();
        return ClientProperties.setDefaults(maxHeap, settings.filesAtOnce()).slots(maxHeap);
    }

    static JdkTransport.Options transportOptions(Settings settings) {
        ClientProperties.setDefaults(Runtime.getRuntime().maxMemory(), settings.filesAtOnce());
        var headers = new java.util.LinkedHashMap<String, String>();
        headers.put("User-Agent", Transport.USER_AGENT);
        headers.putAll(settings.headers());
        // With virtual threads, the client's own steps run on virtual threads too (else a pool of platform ones).
        var executor = settings.threads() == ThreadKind.VIRTUAL
                ? java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor() : null;
        return new JdkTransport.Options(settings.connectTimeout(), settings.idleTimeout(), headers,
                EnvironmentProxies.from(settings.proxy(), System.getenv()), settings.http2(), settings.credentials(),
                executor, TlsMaterial.load(settings.caCertificate(), settings.certificate(), settings.privateKey(),
                        settings.insecure()), cookieJar(settings), settings.saveCookies());
    }

    /** The run's cookie jar: filled from {@code --load-cookies}; none when no cookie option is given. */
    private static CookieJar cookieJar(Settings settings) {
        if (settings.loadCookies() == null && settings.saveCookies() == null) {
            return null;
        }
        try {
            return new CookieJar(settings.loadCookies() == null ? List.of() : CookieFile.read(settings.loadCookies()).cookies());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read cookies from " + settings.loadCookies(), e);
        }
    }

    /**
     * Downloads every request and returns their outcomes in input order. When the calling thread is
     * interrupted, the files in flight are cancelled and the rest are reported as {@link FileResult.Cancelled}.
     */
    public List<FileResult> run(List<DownloadRequest> requests) {
        return withContext(batch -> BoundedScope.map("batch", batch.threads(), settings.filesAtOnce(), requests,
                request -> new FileDownload(request, batch).run(),
                request -> new FileResult.Cancelled(request, Duration.ZERO)));
    }

    /**
     * The streaming form, for lists too long to hold: takes a request from {@code requests} only when
     * one of the {@code -j} slots is free, and hands each outcome to {@code results} as soon as its
     * file ends (from that file's thread: {@code results} must be thread-safe). Memory stays bounded
     * by {@code -j}, whatever the length of the input. When the calling thread is interrupted, files
     * in flight end as {@link FileResult.Cancelled} and no further request is taken.
     *
     * @return how many requests were taken from {@code requests}
     */
    public long run(Iterator<DownloadRequest> requests, Consumer<? super FileResult> results) {
        // A null request is the caller's bug, thrown (once the others end) rather than handed over as a
        // Failed result whose request() is null.
        return withContext(batch -> BoundedScope.forEach("batch", batch.threads(), settings.filesAtOnce(), requests,
                request -> new FileDownload(java.util.Objects.requireNonNull(request, "a request from the iterator"), batch).run(),
                results));
    }

    /** Probes every request, downloading nothing ({@link DryRun}); the reports in input order. */
    public List<Inspection> inspect(List<DownloadRequest> requests) {
        return DryRun.run(settings, requests);
    }

    /**
     * Records, for {@code -c}, the bytes every file in flight has on disk now; callable from any thread
     * (a signal handler, before it cancels the run) while the ranges go on.
     */
    public void saveResumeStates() {
        checkpoints.saveAll();
    }

    private <T> T withContext(Function<BatchContext, T> body) {
        ThreadFactory threads = settings.threads().factory("loomget");
        try (var transport = transports.apply(settings)) {
            var hosts = limits.apply(settings);
            return body.apply(new BatchContext(settings, transport, storage, hosts,
                    new RateLimiter(settings.limitRate()), new TargetRegistry(settings.overwrite()), threads, listener,
                    checkpoints, Netrc.load(settings.netrc())));
        }
    }
}
