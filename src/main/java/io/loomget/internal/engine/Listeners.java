package io.loomget.internal.engine;

import io.loomget.DownloadListener;
import io.loomget.QueueListener;

/**
 * An application's listener, kept from breaking the engine: what it throws is logged (logger
 * {@code io.loomget}, WARNING) and otherwise ignored, so that no download's outcome, no result handed
 * back and no queue slot depends on a listener's bug.
 */
final class Listeners {

    private static final System.Logger LOG = System.getLogger("io.loomget");

    private Listeners() {}

    static DownloadListener isolated(DownloadListener listener) {
        return listener == DownloadListener.NONE ? listener
                : event -> guarded(() -> listener.on(event), "a DownloadListener", event.getClass().getSimpleName());
    }

    static QueueListener isolated(QueueListener listener) {
        return listener == QueueListener.NONE ? listener
                : event -> guarded(() -> listener.on(event), "a QueueListener", event.toString());
    }

    private static void guarded(Runnable call, String who, String event) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, who + " threw on " + event + "; the event is dropped, the run goes on", e);
        }
    }
}
