package io.loomget.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code Name: value} as -H and header= lines give it, checked once by the same rules. */
class HeaderLineTest {

    @Test
    void nameAndValueAreTrimmed() {
        assertEquals(new HeaderLine("X-Token", "a b"), HeaderLine.parse("  X-Token :  a b "));
    }

    @Test
    void aLineWithoutAColonIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> HeaderLine.parse("X-Token"));
        assertEquals("header must be 'Name: value', got 'X-Token'", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host: example.com", "Connection: close", "Content-Length: 5"})
    void headersTheClientControlsAreRefused(String line) {
        var e = assertThrows(IllegalArgumentException.class, () -> HeaderLine.parse(line));
        assertTrue(e.getMessage().startsWith("header '" + line.substring(0, line.indexOf(':')) + "' cannot be set: "), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Range: bytes=0-99", "range: bytes=5-", "If-Range: \"e1\"", "If-None-Match: \"e1\"",
            "If-Modified-Since: Sat, 05 Dec 2026 10:00:00 GMT", "If-Match: *", "If-Unmodified-Since: Sat, 05 Dec 2026 10:00:00 GMT"})
    void headersTheEngineSetsItselfAreRefusedWithWhatToUseInstead(String line) {
        var e = assertThrows(IllegalArgumentException.class, () -> HeaderLine.parse(line));
        assertTrue(e.getMessage().startsWith("header '" + line.substring(0, line.indexOf(':')) + "' cannot be set: "), e.getMessage());
        assertTrue(e.getMessage().contains("loomget") || e.getMessage().contains("-N"), e.getMessage());
    }

    @Test
    void aValueWithALineBreakIsRefusedInAMessageOfOneLine() {
        var e = assertThrows(IllegalArgumentException.class, () -> HeaderLine.parse("X-A: a\r\nX-Evil: b"));

        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().startsWith("header 'X-A' cannot be set: "), e.getMessage());
        assertTrue(e.getMessage().contains("a\\x0d\\x0aX-Evil: b"), e.getMessage());
    }
}
