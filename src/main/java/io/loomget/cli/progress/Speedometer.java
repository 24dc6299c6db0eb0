package io.loomget.cli.progress;

import java.util.HashMap;
import java.util.Map;

/**
 * Smoothed transfer rates: an exponential moving average over samples taken at each redraw, so
 * the speed shown neither jumps with every buffer nor lags for long.
 */
final class Speedometer {

    private static final double SMOOTHING = 0.3;

    private record Sample(long bytes, long nanos, double rate) {}

    private final Map<Object, Sample> samples = new HashMap<>();

    /** Bytes per second of the thing named {@code key}, given its byte count now and when it started. */
    synchronized double rate(Object key, long bytes, long nowNanos, long startNanos) {
        var previous = samples.get(key);
        double rate;
        if (previous == null) {
            double seconds = (nowNanos - startNanos) / 1e9;
            rate = seconds > 0 ? bytes / seconds : 0; // the average so far, until there is a second sample
        } else {
            double seconds = (nowNanos - previous.nanos()) / 1e9;
            double instant = seconds > 0 ? (bytes - previous.bytes()) / seconds : previous.rate();
            rate = previous.rate() == 0 ? instant : SMOOTHING * instant + (1 - SMOOTHING) * previous.rate();
        }
        samples.put(key, new Sample(bytes, nowNanos, rate));
        return rate;
    }

    /** Drops a finished file's samples; called from download threads, so it must not race the drawer. */
    synchronized void forgetLater(Object key) {
        samples.remove(key);
    }
}
