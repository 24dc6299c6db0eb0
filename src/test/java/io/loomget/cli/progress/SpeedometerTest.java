package io.loomget.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # behaviour                                                | first key | bytes at 1 s | then key | bytes | at s | B/s
            later sample moves thirty percent towards the instant rate | a         | 1000         | a        | 4000  | 2    | 1600
            sample at the same instant keeps the rate                  | a         | 1000         | a        | 5000  | 1    | 1000
            rate of zero is replaced by the instant rate               | a         | 0            | a        | 2000  | 2    | 2000
            each key has its own rate                                  | a         | 1000         | b        | 10    | 1    | 10
            """)
    void secondSampleAfterAFirstOneAtOneSecond(String behaviour, String firstKey, long firstBytes,
            String key, long bytes, long atSeconds, double expected) {
        speedometer.rate(firstKey, firstBytes, SECOND, 0);
        // e.g. 3000 B in the next second: 0.3 × 3000 + 0.7 × 1000 = 1600
        assertEquals(expected, speedometer.rate(key, bytes, atSeconds * SECOND, 0), EXACT);
    }

    @Test
    void forgottenKeyStartsAgainFromItsAverage() {
        speedometer.rate("a", 1_000, SECOND, 0);
        speedometer.forgetLater("a");
        assertEquals(2_000.0, speedometer.rate("a", 4_000, 2 * SECOND, 0), EXACT);
    }
}
