package io.loomget.cli;

import io.loomget.RetryPolicy;
import io.loomget.Settings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The "Reliability" section of {@code --help}: retries and timeouts. */
final class ReliabilityOptions {

    @Option(names = "--retries", paramLabel = "N", defaultValue = "5", order = 1,
            description = "Retries per range after a transient failure (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--retry-wait", paramLabel = "SECONDS", defaultValue = "0.5", converter = Seconds.class, order = 2,
            description = "First wait before a retry; doubles each time, with jitter (default: ${DEFAULT-VALUE}).")
    Duration retryWait;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "30", converter = Seconds.class,
            order = 3, description = "Give up connecting after this long (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60", converter = Seconds.class, order = 4,
            description = "An attempt fails when no bytes arrive for this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--lowest-speed-limit", paramLabel = "SPEED", converter = Sizes.class, order = 5,
            description = "A range that averages no more than SPEED bytes per second after 3 s is treated as stalled: "
                    + "its rest is fetched on a fresh connection, which takes over (aria2's option; e.g. 10K). Without it, "
                    + "a range that trickles far below its own and its siblings' pace is treated so too.")
    Long lowestSpeedLimit;

    /** @throws IllegalArgumentException when a value is out of range (the command makes it a usage error) */
    void applyTo(Settings.Builder settings) {
        settings.lowestSpeedLimit(lowestSpeedLimit == null ? 0 : lowestSpeedLimit);
        settings.retry(new RetryPolicy(retries, retryWait, RetryPolicy.DEFAULT.maxWait()))
                .connectTimeout(connectTimeout)
                .idleTimeout(timeout);
    }
}
