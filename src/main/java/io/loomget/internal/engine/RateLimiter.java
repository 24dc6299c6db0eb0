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

    RateLimiter(long bytesPerSecond) {
        this(bytesPerSecond, null);
    }

    RateLimiter(long bytesPerSecond, RateLimiter within) {
        this.bytesPerSecond = bytesPerSecond;
        this.within = within;
    }

    /** A new limit, from the next bytes on (aria2's {@code max-overall-download-limit} changed over RPC); 0 for none. */
    void rate(long limit) {
        bytesPerSecond = limit;
    }

    long rate() {
        return bytesPerSecond;
    }

    /** Waits until {@code bytes} more fit into the budget (and into the wider one). */
    void acquire(long bytes) throws InterruptedException {
        if (within != null) {
            within.acquire(bytes);
        }
        long bytesPerSecond = this.bytesPerSecond;
        if (bytesPerSecond <= 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long booked = Math.max(nextFreeNanos, now); // time already promised to earlier bytes
            wait = booked - now - BURST_NANOS;
            nextFreeNanos = booked + (long) (bytes * 1e9 / bytesPerSecond);
        }
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
