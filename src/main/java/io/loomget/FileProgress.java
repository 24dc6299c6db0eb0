package io.loomget;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one file in flight, read by progress views at their own pace; the engine only
 * adds to them, so progress costs no event per buffer.
 */
public final class FileProgress {

    private final DownloadRequest request;
    private final Path target;
    private final long size;
    private final long startNanos = System.nanoTime();
    private final LongAdder bytes = new LongAdder();
    private final AtomicInteger connections = new AtomicInteger();

    public FileProgress(DownloadRequest request, Path target, long size) {
        this.request = request;
        this.target = target;
        this.size = size;
    }

    public DownloadRequest request() { return request; }

    public Path target() { return target; }

    /** Total bytes, or -1 when the server did not say. */
    public long size() { return size; }

    public long bytes() { return bytes.sum(); }

    public int connections() { return connections.get(); }

    public long startNanos() { return startNanos; }

    public void add(long n) { bytes.add(n); }

    /** Bytes written so far no longer count (the file starts over). */
    public void reset() { bytes.reset(); }

    public void connectionOpened() { connections.incrementAndGet(); }

    public void connectionClosed() { connections.decrementAndGet(); }
}
