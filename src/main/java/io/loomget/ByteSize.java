package io.loomget;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A number of bytes as aria2 writes it, on its command line and over its RPC: a number with an
 * optional K, M, G or T (powers of 1024), e.g. {@code 512K}, {@code 1M}, {@code 1.5G}.
 */
public final class ByteSize {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);

    private ByteSize() {}

    /**
     * The number of bytes {@code text} stands for, at least 1.
     *
     * @throws IllegalArgumentException when it is not a size, or is out of range
     */
    public static long parse(String text) {
        var m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (e.g. 512K, 1M, 2G)");
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
            throw new IllegalArgumentException("'" + text + "' is out of range");
        }
        return (long) bytes;
    }
}
