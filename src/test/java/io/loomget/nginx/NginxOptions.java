package io.loomget.nginx;

import java.time.Duration;

/** What can be changed per nginx instance: the {@code /capped/} rate, the {@code /slow/} latency, the echo module. */
public record NginxOptions(String capRate, Duration slowLatency, boolean echo) {

    public static final NginxOptions DEFAULTS = new NginxOptions("256k", Duration.ofMillis(300), true);

    public NginxOptions {
        if (!capRate.matches("[0-9]+[kKmM]?")) {
            throw new IllegalArgumentException("limit_rate wants a size like 256k, not " + capRate);
        }
        if (slowLatency.isNegative()) {
            throw new IllegalArgumentException("negative latency");
        }
    }

    public NginxOptions withCapRate(String rate) {
        return new NginxOptions(rate, slowLatency, echo);
    }

    public NginxOptions withSlowLatency(Duration latency) {
        return new NginxOptions(capRate, latency, echo);
    }

    /** Without the echo module even when it is installed (no {@code /slow/}). */
    public NginxOptions withoutEcho() {
        return new NginxOptions(capRate, slowLatency, false);
    }
}
