package io.loomget.internal.engine;

import java.util.concurrent.TimeUnit;

/**
 * {@code --limit-rate}: one budget of bytes per second shared by every connection of the run. Each
 * write books its bytes on a virtual clock and sleeps while more than a quarter second of bytes is
 * booked ahead of now, so the long-run rate is the limit whatever the number of connections.
 */
final class RateLimiter {

    static final RateLimiter UNLIMITED = new RateLimiter(0, null);
    private static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private volatile long bytesPerSecond;
    /** A wider budget the same bytes also count against (a queue's overall limit, for one download's); or null. */
    private final RateLimiter within;
    private long nextFreeNanos = System.nanoTime();
    /** Counts changes of the limit: a writer waiting at the old one stops waiting. */
    private long changes;

    RateLimiter(long bytesPerSecond) {
        this(bytesPerSecond, null);
    }

    RateLimiter(long bytesPerSecond, RateLimiter within) {
        this.bytesPerSecond = bytesPerSecond;
        this.within = within;
    }

    /**
     * A new limit, from now on (aria2's {@code max-overall-download-limit} or a download's
     * {@code max-download-limit} changed over RPC); 0 for none. Writers waiting at the old limit go on
     * at once: what they booked was booked at a rate that no longer holds.
     */
    synchronized void rate(long limit) {
        bytesPerSecond = limit;
        nextFreeNanos = System.nanoTime();
        changes++;
        notifyAll();
    }

    long rate() {
        return bytesPerSecond;
    }

    /** Waits until {@code bytes} more fit into the budget (and into the wider one). */
    void acquire(long bytes) throws InterruptedException {
        if (within != null) {
            within.acquire(bytes);
        }
        if (bytesPerSecond <= 0) {
            return;
        }
        synchronized (this) {
            long bytesPerSecond = this.bytesPerSecond;
            if (bytesPerSecond <= 0) {
                return;
            }
            long now = System.nanoTime();
            long booked = Math.max(nextFreeNanos, now); // time already promised to earlier bytes
            long until = booked - BURST_NANOS;
            nextFreeNanos = booked + (long) (bytes * 1e9 / bytesPerSecond);
            long seen = changes;
            for (long wait = until - now; wait > 0 && seen == changes; wait = until - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(this, wait);
            }
        }
    }
}
