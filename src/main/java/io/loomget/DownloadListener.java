package io.loomget;

/** Receives engine events; called from download threads, so implementations must be thread-safe. */
@FunctionalInterface
public interface DownloadListener {

    DownloadListener NONE = event -> {};

    void on(DownloadEvent event);
}
