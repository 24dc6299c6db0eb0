package io.loomget;

/**
 * Receives engine events; called from download threads, so implementations must be thread-safe. What
 * one throws is logged (logger {@code io.loomget}) and ignored: it changes no download's outcome.
 */
@FunctionalInterface
public interface DownloadListener {

    DownloadListener NONE = event -> {};

    void on(DownloadEvent event);
}
