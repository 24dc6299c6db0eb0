package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Text from a server is printed as visible escapes, never as something a terminal would act on. */
class PrintableTest {

    @Test
    void controlFormatAndSeparatorCharactersBecomeVisibleEscapes() {
        assertEquals("e\\x1b[31mred\\x1b[0m.txt", Printable.of("e\u001b[31mred\u001b[0m.txt"));
        assertEquals("a\\x0d\\x0ab\\x09c\\x00", Printable.of("a\r\nb\tc\u0000"));
        assertEquals("del\\x7f c1\\x9b31m\\x85", Printable.of("del\u007f c1\u009b31m\u0085"));
        assertEquals("gpj\\u202e.exe", Printable.of("gpj\u202e.exe"));
        assertEquals("a\\u2066b\\u2069\\u200bc\\ufeff", Printable.of("a\u2066b\u2069\u200bc\ufeff"));
        assertEquals("line\\u2028para\\u2029", Printable.of("line\u2028para\u2029"));
    }

    @Test
    void aLoneSurrogateIsEscapedButAPairIsKept() {
        assertEquals("a\\ud800b \uD83D\uDE00", Printable.of("a\uD800b \uD83D\uDE00"));
    }

    @Test
    void printableTextComesBackAsItIs() {
        var plain = "HTTP 503 Service Unavailable: café €, ünïcödé and \\x1b as typed";
        assertSame(plain, Printable.of(plain));
    }

    @Test
    void escapingTwiceChangesNothingMore() {
        var once = Printable.of("a\u001bb\u202ec");
        assertEquals(once, Printable.of(once));
    }
}
