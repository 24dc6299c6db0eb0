package io.loomget;

/**
 * Receives a {@link DownloadQueue}'s {@link QueueEvent}s, in order for each download; called from
 * download threads (never while the queue holds its lock), so implementations must be thread-safe. What
 * one throws (an exception, or an {@link Error} such as a failed {@code assert}; not a
 * {@link VirtualMachineError}) is logged (logger {@code io.loomget}) and ignored: the queue goes on.
 *
 * <p>A download's end (completed, failed, removed, paused) is told before the start of the download
 * that takes its slot, as aria2 tells them: until {@code on} returns for it, that slot stays taken (a
 * listener that waits there for the next download to start waits in vain).
 */
@FunctionalInterface
public interface QueueListener {

    QueueListener NONE = event -> {};

    void on(QueueEvent event);
}
