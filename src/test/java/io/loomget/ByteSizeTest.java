package io.loomget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import io.loomget.cli.Sizes;
import picocli.CommandLine;

/** Sizes as aria2 writes them ({@code -k 1M}): a number with an optional K, M, G or T, in powers of 1024. */
class ByteSizeTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(textBlock = """
            1, 1
            1000, 1000
            512K, 524288
            512k, 524288
            1M, 1048576
            1m, 1048576
            2G, 2147483648
            1T, 1099511627776
            1.5M, 1572864
            0.5K, 512
            1KiB, 1024
            1KB, 1024
            1 M, 1048576
            '  20M ', 20971520
            10B, 10
            """)
    void parsesNumbersWithBinarySuffixes(String text, long expected) {
        assertEquals(expected, ByteSize.parse(text));
        assertEquals(expected, new Sizes().convert(text));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "garbage", "M", "1X", "-1", "-1M", "1MM", "1.M", ".5M", "1,5M", "0", "0K", "0.5",
        "99999999999T"})
    void rejectsWhatIsNotAPositiveSize(String text) {
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(text));
        assertThrows(CommandLine.TypeConversionException.class, () -> new Sizes().convert(text));
    }
}
