package io.loomget.cli;

import io.loomget.ByteSize;
import picocli.CommandLine;

/** Options that take a size ({@code -k 1M}): aria2's notation, {@link ByteSize}. */
public final class Sizes implements CommandLine.ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        try {
            return ByteSize.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /**
     * A speed limit: a size, or 0 (also {@code 0K}, {@code 0.0M}) for none, as curl, wget and aria2 read
     * {@code --limit-rate 0}: a script that passes its limit through gives 0 for "unlimited".
     */
    public static final class Limit implements CommandLine.ITypeConverter<Long> {

        private static final java.util.regex.Pattern ZERO = java.util.regex.Pattern.compile("(0+(\\.0*)?|\\.0+)[kKmMgGtT]?");

        @Override
        public Long convert(String value) {
            return ZERO.matcher(value.strip()).matches() ? 0L : new Sizes().convert(value);
        }
    }
}
