package io.loomget;

import java.nio.file.Path;

/**
 * A file in flight, read-only: live counters that views read at their own pace (the engine adds to
 * them as bytes are written, so progress costs no event per buffer). Bytes an earlier run left on
 * disk ({@link #reused()}) are apart from those fetched in this run ({@link #fetched()}): only the
 * latter make a speed. Handed out by {@link DownloadEvent.FileStarted}; safe to read from any thread.
 */
public interface FileProgress {

    DownloadRequest request();

    /** Where the file will be saved once complete. */
    Path target();

    /** Total bytes, or -1 when the server did not say. */
    long size();

    /** Bytes on disk: reused plus fetched. */
    long bytes();

    /** Bytes that came over the network in this run. */
    long fetched();

    /** Bytes an earlier run had written, continued with {@code -c}. */
    long reused();

    /** Connections (ranges) open for this file right now. */
    int connections();

    /** When the file started, on the {@link System#nanoTime()} clock. */
    long startNanos();
}
