package io.loomget.cli;

import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** {@code 1M}-style sizes as aria2 takes them: a number with an optional K, M or G (powers of 1024). */
public final class Sizes implements CommandLine.ITypeConverter<Long> {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    public static long parse(String value) {
        var m = SIZE.matcher(value.trim());
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a size (e.g. 512K, 1M, 2G)");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        double bytes = Double.parseDouble(m.group(1)) * (1L << shift);
        if (bytes < 1 || bytes > Long.MAX_VALUE / 2) {
            throw new CommandLine.TypeConversionException("'" + value + "' is out of range");
        }
        return (long) bytes;
    }
}
