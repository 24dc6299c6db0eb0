package io.loomget.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Smoothed rates from samples at given instants: no clock, no sleeps. */
class SpeedometerTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final double EXACT = 1e-9;

    private final Speedometer speedometer = new Speedometer();

    @Test
    void firstSampleIsTheAverageSinceTheStart() {
        assertEquals(500.0, speedometer.rate("a", 1_000, 2 * SECOND, 0), EXACT);
    }

    @Test
    void firstSampleAtTheStartIsZero() {
        assertEquals(0.0, speedometer.rate("a", 1_000, SECOND, SECOND), EXACT);
    }

    @Test
    void laterSampleMovesThirtyPercentTowardsTheInstantRate() {
        speedometer.rate("a", 1_000, SECOND, 0); // 1000 B/s
        // 3000 B in the next second: 0.3 × 3000 + 0.7 × 1000
        assertEquals(1_600.0, speedometer.rate("a", 4_000, 2 * SECOND, 0), EXACT);
    }

    @Test
    void sampleAtTheSameInstantKeepsTheRate() {
        speedometer.rate("a", 1_000, SECOND, 0);
        assertEquals(1_000.0, speedometer.rate("a", 5_000, SECOND, 0), EXACT);
    }

    @Test
    void rateOfZeroIsReplacedByTheInstantRate() {
        speedometer.rate("a", 0, SECOND, 0);
        assertEquals(2_000.0, speedometer.rate("a", 2_000, 2 * SECOND, 0), EXACT);
    }

    @Test
    void eachKeyHasItsOwnRate() {
        speedometer.rate("a", 1_000, SECOND, 0);
        assertEquals(10.0, speedometer.rate("b", 10, SECOND, 0), EXACT);
    }

    @Test
    void forgottenKeyStartsAgainFromItsAverage() {
        speedometer.rate("a", 1_000, SECOND, 0);
        speedometer.forgetLater("a");
        assertEquals(2_000.0, speedometer.rate("a", 4_000, 2 * SECOND, 0), EXACT);
    }
}
