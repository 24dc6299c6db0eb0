package io.loomget.cli.report;

import java.time.Duration;
import java.util.Locale;

/** Human-readable sizes, rates and durations (binary units, as aria2 and curl print them). */
public final class Units {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Units() {}

    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        int unit = 0;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, UNITS[unit]);
    }

    public static String rate(long bytes, Duration elapsed) {
        double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
        return bytes((long) (bytes / seconds)) + "/s";
    }

    public static String seconds(Duration d) {
        double s = d.toNanos() / 1e9;
        return String.format(Locale.ROOT, s < 10 ? "%.2f s" : "%.1f s", s);
    }
}
