package io.loomget.cli;

import java.time.Duration;
import picocli.CommandLine;

/** Durations given in seconds, decimals allowed ({@code 0.5}). */
public final class Seconds implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            double s = Double.parseDouble(value.trim());
            if (s < 0 || Double.isNaN(s) || s > 86_400) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(s * 1000));
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a number of seconds");
        }
    }
}
