package io.loomget;

/**
 * Receives engine events; called from download threads, so implementations must be thread-safe. What
 * one throws (an exception, or an {@link Error} such as a failed {@code assert}; not a
 * {@link VirtualMachineError}) is logged (logger {@code io.loomget}) and ignored: it changes no
 * download's outcome. A slow one slows its file: a run returns only once every call has returned,
 * even when the calling thread is interrupted.
 */
@FunctionalInterface
public interface DownloadListener {

    DownloadListener NONE = event -> {};

    void on(DownloadEvent event);
}
