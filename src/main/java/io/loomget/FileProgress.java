package io.loomget;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one file in flight, read by progress views at their own pace; the engine only
 * adds to them, so progress costs no event per buffer. Bytes an earlier run left on disk
 * ({@link #reused()}) are apart from those fetched in this run ({@link #fetched()}): only the latter
 * make a speed.
 */
public final class FileProgress {

    private final DownloadRequest request;
    private final Path target;
    private final long size;
    private final long startNanos = System.nanoTime();
    private final LongAdder bytes = new LongAdder();
    private volatile long reused;
    private final AtomicInteger connections = new AtomicInteger();

    public FileProgress(DownloadRequest request, Path target, long size) {
        this(request, target, size, 0);
    }

    /** {@code reused}: bytes already on disk from an earlier run ({@code -c}). */
    public FileProgress(DownloadRequest request, Path target, long size, long reused) {
        this.request = request;
        this.target = target;
        this.size = size;
        this.reused = reused;
    }

    public DownloadRequest request() { return request; }

    public Path target() { return target; }

    /** Total bytes, or -1 when the server did not say. */
    public long size() { return size; }

    /** Bytes on disk: reused plus fetched. */
    public long bytes() { return reused + bytes.sum(); }

    /** Bytes that came over the network in this run. */
    public long fetched() { return bytes.sum(); }

    /** Bytes an earlier run had written, continued with {@code -c}. */
    public long reused() { return reused; }

    public int connections() { return connections.get(); }

    public long startNanos() { return startNanos; }

    public void add(long n) { bytes.add(n); }

    /** Bytes written so far no longer count (the file starts over). */
    public void reset() {
        bytes.reset();
        reused = 0;
    }

    public void connectionOpened() { connections.incrementAndGet(); }

    public void connectionClosed() { connections.decrementAndGet(); }
}
