package io.loomget.internal.engine;

import io.loomget.DownloadListener;
import io.loomget.QueueListener;

/**
 * An application's listener, kept from breaking the engine: what it throws (an exception, or an
 * {@link Error} such as a failed assert, but not a {@link VirtualMachineError}) is logged (logger
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
        } catch (VirtualMachineError e) {
            throw e; // out of memory or stack: the JVM's trouble, not the listener's
        } catch (RuntimeException | Error e) {
            // An Error too: an assert in a listener throws AssertionError, which jammed a queue's slot
            // (its download stayed active forever) and ended a batch with the files half done.
            LOG.log(System.Logger.Level.WARNING, who + " threw on " + event + "; the event is dropped, the run goes on", e);
        }
    }
}
