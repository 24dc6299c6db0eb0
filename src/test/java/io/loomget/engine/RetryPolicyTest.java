package io.loomget.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Backoff: doubling, full jitter no lower than half the step, the cap, and Retry-After. */
class RetryPolicyTest {

    private static final RetryPolicy POLICY = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1));
    private static final int SAMPLES = 2_000;

    @Test
    void negativeRetriesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(-1, Duration.ZERO, Duration.ZERO));
    }

    @Test
    void firstRetryWaitsBetweenHalfAndAllOfTheBaseWait() {
        assertEveryDelayWithin(1, 50, 100);
    }

    @Test
    void eachRetryDoublesTheStep() {
        assertEveryDelayWithin(3, 200, 400);
    }

    @Test
    void stepIsCappedAtTheMaximumWait() {
        assertEveryDelayWithin(10, 500, 1_000);
    }

    @Test
    void veryLateRetriesStillStayUnderTheCap() {
        assertEveryDelayWithin(1_000, 500, 1_000);
    }

    @Test
    void jitterSpreadsTheWaits() {
        var seen = new HashSet<Duration>();
        for (int i = 0; i < SAMPLES; i++) {
            seen.add(POLICY.delay(4, Optional.empty()));
        }
        assertTrue(seen.size() > 10, "distinct waits: " + seen);
    }

    @Test
    void retryAfterIsWaitedForExactly() {
        assertEquals(Duration.ofMillis(700), POLICY.delay(1, Optional.of(Duration.ofMillis(700))));
    }

    @Test
    void retryAfterLongerThanTheCapWaitsOnlyTheCap() {
        assertEquals(Duration.ofSeconds(1), POLICY.delay(1, Optional.of(Duration.ofHours(1))));
    }

    private static void assertEveryDelayWithin(int attempt, long lowMillis, long highMillis) {
        for (int i = 0; i < SAMPLES; i++) {
            long wait = POLICY.delay(attempt, Optional.empty()).toMillis();
            assertTrue(wait >= lowMillis && wait <= highMillis,
                    "retry " + attempt + " waited " + wait + " ms, not in [" + lowMillis + ", " + highMillis + "]");
        }
    }
}
