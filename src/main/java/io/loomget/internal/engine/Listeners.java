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
        if (listener == DownloadListener.NONE) {
            return listener;
        }
        return event -> {
            try {
                listener.on(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a DownloadListener threw on " + event.getClass().getSimpleName()
                        + "; the event is dropped, the download goes on", e);
            }
        };
    }

    static QueueListener isolated(QueueListener listener) {
        if (listener == QueueListener.NONE) {
            return listener;
        }
        return event -> {
            try {
                listener.on(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a QueueListener threw on " + event
                        + "; the event is dropped, the queue goes on", e);
            }
        };
    }
}
