package io.loomget.nginx;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What can be changed per nginx instance: the {@code /capped/} rate, the {@code /slow/} latency, the echo
 * module, and an https server ({@code tls}, null for none).
 */
public record NginxOptions(String capRate, Duration slowLatency, boolean echo, Tls tls) {

    public static final NginxOptions DEFAULTS = new NginxOptions("256k", Duration.ofMillis(300), true, null);

    /**
     * An https server on a port of its own, serving {@code /files/}: PEM certificate (chain) and key, and a
     * CA certificate file when clients must present a certificate signed by it ({@code ssl_verify_client on}).
     */
    public record Tls(Path certificate, Path key, Path clientCa) {}

    public NginxOptions {
        if (!capRate.matches("[0-9]+[kKmM]?")) {
            throw new IllegalArgumentException("limit_rate wants a size like 256k, not " + capRate);
        }
        if (slowLatency.isNegative()) {
            throw new IllegalArgumentException("negative latency");
        }
    }

    public NginxOptions withCapRate(String rate) {
        return new NginxOptions(rate, slowLatency, echo, tls);
    }

    public NginxOptions withSlowLatency(Duration latency) {
        return new NginxOptions(capRate, latency, echo, tls);
    }

    /** Without the echo module even when it is installed (no {@code /slow/}). */
    public NginxOptions withoutEcho() {
        return new NginxOptions(capRate, slowLatency, false, tls);
    }

    /** With an https server as {@code tls} says. */
    public NginxOptions withTls(Tls tls) {
        return new NginxOptions(capRate, slowLatency, echo, tls);
    }
}
