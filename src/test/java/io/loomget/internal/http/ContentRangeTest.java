package io.loomget.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code Content-Range} as RFC 9110 §14.4 writes it; anything else is not trusted at all. */
class ContentRangeTest {

    @Test
    void satisfiedRange() {
        var range = ContentRange.parse("bytes 0-99/1000").orElseThrow();

        assertEquals(new ContentRange(0, 99, 1000), range);
        assertEquals(100, range.length());
        assertTrue(range.is(0, 99, 1000));
        assertFalse(range.is(0, 99, 1001));
        assertFalse(range.is(1, 99, 1000));
    }

    @Test
    void lastByteOfTheRepresentation() {
        assertEquals(Optional.of(new ContentRange(999, 999, 1000)), ContentRange.parse("bytes 999-999/1000"));
    }

    @Test
    void unknownCompleteLength() {
        var range = ContentRange.parse("bytes 10-19/*").orElseThrow();

        assertEquals(-1, range.complete());
        assertEquals(10, range.length());
    }

    @Test
    void unsatisfiedRangeOfA416() {
        var range = ContentRange.parse("bytes */1000").orElseThrow();

        assertEquals(new ContentRange(-1, -1, 1000), range);
        assertEquals(0, range.length());
    }

    @Test
    void unsatisfiedRangeOfAnEmptyFile() {
        assertEquals(Optional.of(new ContentRange(-1, -1, 0)), ContentRange.parse("bytes */0"));
    }

    @Test
    void surroundingWhitespaceIsTolerated() {
        assertEquals(Optional.of(new ContentRange(0, 0, 1)), ContentRange.parse("  bytes 0-0/1 "));
    }

    @Test
    void anyWhitespaceSeparatesTheUnit() {
        assertEquals(Optional.of(new ContentRange(0, 0, 1)), ContentRange.parse("bytes\t 0-0/1"));
    }

    @Test
    void largeOffsetsBeyondIntWork() {
        long tb = 1L << 40;
        assertEquals(Optional.of(new ContentRange(tb, tb + 9, 2 * tb)),
                ContentRange.parse("bytes " + tb + "-" + (tb + 9) + "/" + 2 * tb));
    }

    @ParameterizedTest(name = "[{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {
        "bytes 100-99/1000",       // last before first
        "bytes 0-1000/1000",       // last beyond the representation
        "bytes=0-99/1000",         // Range syntax, not Content-Range
        "bytes 0-99",              // no length
        "items 0-99/1000",         // another unit
        "bytes -5-99/1000",
        "bytes 0-99/-1",
        "bytes 0-99/1000, bytes 200-299/1000",
        "bytes 0-99999999999999999999/99999999999999999999",
        "bytes */*",
        "bytes0-99/1000",          // no space after the unit
        "bytes 0-99/1000x",
        "bytes \u0660-\u0669/\u0661\u0660", // digits, but not ASCII ones
        "bytes",
        "garbage",
    })
    void malformedIsEmpty(String header) {
        assertEquals(Optional.empty(), ContentRange.parse(header));
    }

    @Test
    void printsAsTheHeaderIsWritten() {
        assertEquals("bytes 0-99/1000", new ContentRange(0, 99, 1000).toString());
        assertEquals("bytes 0-99/*", new ContentRange(0, 99, -1).toString());
        assertEquals("bytes */1000", new ContentRange(-1, -1, 1000).toString());
    }
}
