package io.loomget;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long to wait before asking again: exponential backoff from {@code baseWait},
 * full jitter, capped at {@code maxWait}; a server's {@code Retry-After} is honoured up to the cap.
 *
 * @param retries attempts after the first one, per range
 */
public record RetryPolicy(int retries, Duration baseWait, Duration maxWait) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30));

    public RetryPolicy {
        if (retries < 0) {
            throw new IllegalArgumentException("retries (--retries) must be at least 0, got " + retries);
        }
        if (baseWait == null || baseWait.isNegative() || maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("retry waits (--retry-wait) must be 0 seconds or more");
        }
        if (!Settings.countable(baseWait) || !Settings.countable(maxWait)) {
            throw new IllegalArgumentException("retry waits (--retry-wait) are too long to count in milliseconds, got "
                    + baseWait + " and " + maxWait);
        }
    }

    /** The wait before retry number {@code attempt} (1 = the first retry). */
    public Duration delay(int attempt, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            return min(retryAfter.get(), maxWait);
        }
        int doublings = Math.clamp(attempt - 1, 0, 20);
        long base = baseWait.toMillis();
        long step = base > Long.MAX_VALUE >> doublings ? Long.MAX_VALUE : base << doublings; // no overflow
        long ceiling = Math.min(maxWait.toMillis(), step);
        // Full jitter, but never less than half the step, so that retries do spread out.
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
