package io.loomget.internal.engine;

import io.loomget.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The one retry rule for every request of a file, the probe's and each range's: which failures are
 * worth another try (see {@link Failures#isTransient(IOException, URI)}: a refused connection to a
 * loopback address never is), how many tries a request gets, and how long to wait before each.
 * One instance per request being retried; not shared between threads.
 */
final class Retries {

    private final RetryPolicy policy;
    private int used;

    Retries(RetryPolicy policy) {
        this.policy = policy;
    }

    /**
     * The wait before trying again after {@code failure} at {@code uri}, counting that retry; empty
     * when the failure is final or the retries are spent.
     */
    Optional<Duration> after(IOException failure, URI uri) {
        if (!Failures.isTransient(failure, uri) || used >= policy.retries()) {
            return Optional.empty();
        }
        used++;
        return Optional.of(policy.delay(used, Failures.retryAfter(failure)));
    }

    /** Retries taken so far: the attempt number of the latest retry. */
    int used() {
        return used;
    }
}
