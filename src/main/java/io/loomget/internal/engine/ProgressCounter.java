package io.loomget.internal.engine;

import io.loomget.DownloadRequest;
import io.loomget.FileProgress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The engine's side of {@link FileProgress}: range threads add the bytes they write, and views read
 * the sums at their own pace, so progress costs no event per buffer.
 */
public final class ProgressCounter implements FileProgress {

    private final DownloadRequest request;
    private final Path target;
    private final long size;
    private final long startNanos = System.nanoTime();
    private final LongAdder bytes = new LongAdder();
    private volatile long reused;
    private final AtomicInteger connections = new AtomicInteger();
    /** The part file's runs on disk, for a queue's status; none until the file's plan is known. */
    private volatile Supplier<List<long[]>> runs = List::of;

    public ProgressCounter(DownloadRequest request, Path target, long size) {
        this(request, target, size, 0);
    }

    /** {@code reused}: bytes already on disk from an earlier run ({@code -c}). */
    public ProgressCounter(DownloadRequest request, Path target, long size, long reused) {
        this.request = request;
        this.target = target;
        this.size = size;
        this.reused = reused;
    }

    @Override public DownloadRequest request() { return request; }

    @Override public Path target() { return target; }

    @Override public long size() { return size; }

    @Override public long bytes() { return reused + bytes.sum(); }

    @Override public long fetched() { return bytes.sum(); }

    @Override public long reused() { return reused; }

    @Override public int connections() { return connections.get(); }

    @Override public long startNanos() { return startNanos; }

    /** {@code n} more bytes are on disk (negative when a stream starts over). */
    public void add(long n) { bytes.add(n); }

    /** Bytes written so far no longer count (the file starts over). */
    public void reset() {
        bytes.reset();
        reused = 0;
    }

    /** Where {@link #doneRuns()} reads from: the file's range plan. */
    void trackRuns(Supplier<List<long[]>> source) { runs = source; }

    /** The byte runs {@code [start, end)} on disk now, sorted and merged. */
    public List<long[]> doneRuns() { return runs.get(); }

    public void connectionOpened() { connections.incrementAndGet(); }

    public void connectionClosed() { connections.decrementAndGet(); }
}
