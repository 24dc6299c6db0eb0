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

    /**
     * After a refusal (503, 429) while other connections to the host are held: the host is turning
     * away connections beyond its limit, which its budget learns from the refusal (halving it, down to
     * one), so this request waits for a slot under that budget without spending a retry, and without a
     * wait beyond the Retry-After it gave (capped as any). Bounded: once the budget is down to one, a
     * request only goes out when no other is held, and its refusals count. Empty when the refusal
     * counts as a failure (no other connection is held: the host serves nobody).
     */
    Optional<Duration> afterRefusalWhileServing(IOException failure, boolean othersInUse) {
        if (!othersInUse || !Failures.isRefusal(failure)) {
            return Optional.empty();
        }
        var retryAfter = Failures.retryAfter(failure);
        return Optional.of(retryAfter.isPresent() ? policy.delay(1, retryAfter) : Duration.ZERO);
    }

    /** Retries taken so far: the attempt number of the latest retry. */
    int used() {
        return used;
    }
}
