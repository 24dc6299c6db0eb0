package io.loomget;

/**
 * Receives a {@link DownloadQueue}'s {@link QueueEvent}s, in order for each download; called from
 * download threads (never while the queue holds its lock), so implementations must be thread-safe. What
 * one throws is logged (logger {@code io.loomget}) and ignored: the queue goes on.
 */
@FunctionalInterface
public interface QueueListener {

    QueueListener NONE = event -> {};

    void on(QueueEvent event);
}
