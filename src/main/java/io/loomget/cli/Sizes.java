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
}
