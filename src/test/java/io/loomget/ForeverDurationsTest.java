package io.loomget;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code ChronoUnit.FOREVER} (or {@code Duration.ofSeconds(Long.MAX_VALUE)}), a common way to say
 * "no limit", cannot be counted in milliseconds: it is refused when the settings are built, naming the
 * setting, instead of failing every download with "long overflow". Long but countable waits work.
 */
class ForeverDurationsTest {

    private static final Duration FOREVER = ChronoUnit.FOREVER.getDuration();

    @Test
    void timeoutsTooLongToCountAreRefusedNamingTheSetting() {
        var connect = assertThrows(IllegalArgumentException.class,
                () -> Settings.builder().outputDir(Path.of(".")).connectTimeout(FOREVER).build());
        assertTrue(connect.getMessage().startsWith("connectTimeout (--connect-timeout)"), connect.getMessage());
        var idle = assertThrows(IllegalArgumentException.class,
                () -> Settings.builder().outputDir(Path.of(".")).idleTimeout(FOREVER).build());
        assertTrue(idle.getMessage().startsWith("idleTimeout (--timeout)"), idle.getMessage());
        assertDoesNotThrow(() -> Settings.builder().idleTimeout(Duration.ofDays(365L * 1000)).build());
    }

    @Test
    void timeoutsTooShortToCountInMillisecondsAreRefusedNamingTheSetting() {
        // Counted as 0 ms, they failed every download after its retries, as "HTTP connect timed out".
        var connect = assertThrows(IllegalArgumentException.class,
                () -> Settings.builder().outputDir(Path.of(".")).connectTimeout(Duration.ofNanos(999_999)).build());
        assertTrue(connect.getMessage().startsWith("connectTimeout (--connect-timeout) must be at least 1 ms"), connect.getMessage());
        var idle = assertThrows(IllegalArgumentException.class,
                () -> Settings.builder().outputDir(Path.of(".")).idleTimeout(Duration.ofNanos(1)).build());
        assertTrue(idle.getMessage().startsWith("idleTimeout (--timeout) must be at least 1 ms"), idle.getMessage());
        assertDoesNotThrow(() -> Settings.builder().idleTimeout(Duration.ofMillis(1)).build());
    }

    @Test
    void retryWaitsTooLongToCountAreRefusedAndLongOnesNeverOverflow() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, Duration.ofMillis(10), FOREVER));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, FOREVER, FOREVER));

        var centuries = Duration.ofDays(365L * 300); // 2^43 ms and more: doubling it 20 times overflowed
        var policy = new RetryPolicy(30, centuries, Duration.ofDays(365L * 100_000));
        for (int attempt = 1; attempt <= 30; attempt++) {
            var delay = policy.delay(attempt, Optional.empty()); // threw "bound must be positive"
            assertTrue(!delay.isNegative() && delay.compareTo(policy.maxWait()) <= 0, attempt + ": " + delay);
        }
    }
}
