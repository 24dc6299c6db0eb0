package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.RetryPolicy;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Backoff: doubling, full jitter no lower than half the step, the cap, and Retry-After. */
class RetryPolicyTest {

    private static final RetryPolicy POLICY = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1));
    private static final int SAMPLES = 2_000;

    @Test
    void negativeRetriesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(-1, Duration.ZERO, Duration.ZERO));
    }

    /** Retry n waits between half and all of min(base × 2^(n-1), cap). */
    @ParameterizedTest(name = "retry {0}: {1}-{2} ms")
    @CsvSource({"1, 50, 100", "3, 200, 400", "10, 500, 1000", "1000, 500, 1000"})
    void waitDoublesPerRetryWithJitterUnderTheCap(int attempt, long lowMillis, long highMillis) {
        for (int i = 0; i < SAMPLES; i++) {
            long wait = POLICY.delay(attempt, Optional.empty()).toMillis();
            assertTrue(wait >= lowMillis && wait <= highMillis,
                    "retry " + attempt + " waited " + wait + " ms, not in [" + lowMillis + ", " + highMillis + "]");
        }
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
}
