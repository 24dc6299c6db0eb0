package io.loomget.testsupport;

import io.loomget.RetryPolicy;
import io.loomget.Settings;
import java.nio.file.Path;
import java.time.Duration;

/** Settings for tests: quick retries and timeouts, so a failing test fails in seconds, not minutes. */
public final class TestSettings {

    /** Retries that wait milliseconds, not the default half second and up. */
    public static final RetryPolicy QUICK_RETRIES = new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(50));

    private TestSettings() {}

    public static Settings.Builder into(Path dir) {
        return Settings.builder()
                .outputDir(dir)
                .retry(QUICK_RETRIES)
                .connectTimeout(Duration.ofSeconds(5))
                .idleTimeout(Duration.ofSeconds(10));
    }
}
