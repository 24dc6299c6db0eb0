package io.loomget.cli;

import java.time.Duration;
import picocli.CommandLine;

/** Durations given in seconds, decimals allowed ({@code 0.5}). */
public final class Seconds implements CommandLine.ITypeConverter<Duration> {

    private static final double MAX = 86_400;

    @Override
    public Duration convert(String value) {
        double s;
        try {
            s = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a number of seconds");
        }
        if (!(s >= 0 && s <= MAX)) { // NaN too
            throw new CommandLine.TypeConversionException("'" + value + "' is not from 0 to 86400 seconds (a day)");
        }
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
