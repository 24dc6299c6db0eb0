package io.loomget.internal.engine;

import io.loomget.Settings;
import io.loomget.ThreadKind;
import io.loomget.internal.http.JdkTransport;
import io.loomget.internal.http.TlsMaterial;
import io.loomget.internal.http.Transport;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A queue's HTTP transports: the shared one, and one more per CA file that a download trusts instead
 * of the queue's (aria2's per-download {@code ca-certificate}). Trust is the HTTP client's, so such a
 * download needs a client of its own; downloads naming the same file share it. The extra clients share
 * the queue's cookie jar (the shared transport alone writes {@code --save-cookies}) and close with the queue.
 */
final class QueueTransports implements AutoCloseable {

    private final Transport shared;
    private final Settings settings;
    /** The shared transport's options, or null when it was handed in (a test's): then it serves everyone. */
    private final JdkTransport.Options options;
    private final Map<Path, Transport> byAuthority = new ConcurrentHashMap<>();

    private QueueTransports(Transport shared, Settings settings, JdkTransport.Options options) {
        this.shared = shared;
        this.settings = settings;
        this.options = options;
    }

    /** The JDK's HttpClient made from {@code settings}, and more like it for downloads with their own CA. */
    static QueueTransports from(Settings settings) {
        var options = BatchRun.transportOptions(settings);
        return new QueueTransports(new JdkTransport(options), settings, options);
    }

    /** Only {@code transport}, whatever a download's settings say. */
    static QueueTransports only(Transport transport) {
        return new QueueTransports(transport, null, null);
    }

    Transport shared() {
        return shared;
    }

    /** The transport for a download run with {@code file}'s settings. */
    Transport forDownload(Settings file) {
        var authority = file.caCertificate();
        if (options == null || authority == null || Objects.equals(authority, settings.caCertificate())) {
            return shared;
        }
        return byAuthority.computeIfAbsent(authority.toAbsolutePath().normalize(), this::trusting);
    }

    private Transport trusting(Path authority) {
        var executor = settings.threads() == ThreadKind.VIRTUAL ? Executors.newVirtualThreadPerTaskExecutor() : null;
        var tls = TlsMaterial.load(authority, settings.certificate(), settings.privateKey(), settings.insecure());
        return new JdkTransport(new JdkTransport.Options(options.connectTimeout(), options.responseTimeout(),
                options.headers(), options.proxy(), options.http2(), options.credentials(), executor, tls,
                options.cookies(), null));
    }

    @Override
    public void close() {
        byAuthority.values().forEach(Transport::close);
        shared.close();
    }
}
