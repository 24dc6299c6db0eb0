package io.loomget.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A range request's bytes, and the {@code Range} header they make. */
class ByteRangeTest {

    @Test
    void aRangeWritesItsFirstAndLastByteInclusive() {
        assertEquals("bytes=100-199", new ByteRange(100, 199).header());
    }

    @Test
    void theHeadOfARepresentationStartsAtByteZero() {
        assertEquals(new ByteRange(0, 65_535), ByteRange.head(65_536));
    }

    @Test
    void anEmptyOrNegativeRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ByteRange(10, 9));
        assertThrows(IllegalArgumentException.class, () -> new ByteRange(-1, 9));
        assertThrows(IllegalArgumentException.class, () -> ByteRange.head(0));
    }
}
