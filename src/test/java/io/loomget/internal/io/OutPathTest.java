package io.loomget.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code -o} and {@code out=}: a name, or a path below the output directory; never one that leaves it. */
class OutPathTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # behaviour                                  | -o / out=        | directory  | file name
            a plain name has no directory                | x.bin            | -          | x.bin
            a relative path keeps its directories        | sub/deeper/x.bin | sub/deeper | x.bin
            dot segments and doubled slashes are dropped | ./sub//./x.bin   | sub        | x.bin
            segments are sanitized like any name         | a\u0007b/c:d.bin | ab         | cd.bin
            """)
    void anAcceptedPathIsADirectoryAndAName(String behaviour, String text, String dir, String name) {
        var out = OutPath.parse(text);
        assertEquals(dir == null ? null : Path.of(dir), out.dir());
        assertEquals(name, out.name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../up.txt", "sub/../../up.txt", "sub/..", "..\\up.txt"})
    void aPathWithDotDotIsRefused(String text) {
        var e = assertThrows(IllegalArgumentException.class, () -> OutPath.parse(text));
        assertTrue(e.getMessage().contains("leaves the output directory"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/abs/path.txt", "\\abs\\path.txt", "C:\\x.bin"})
    void anAbsolutePathIsRefused(String text) {
        var e = assertThrows(IllegalArgumentException.class, () -> OutPath.parse(text));
        assertTrue(e.getMessage().contains("absolute path"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "./", "sub/", "sub/.", "/"})
    void aPathNamingADirectoryIsRefused(String text) {
        var e = assertThrows(IllegalArgumentException.class, () -> OutPath.parse(text));
        assertTrue(e.getMessage().contains("directory, not a file") || e.getMessage().contains("absolute"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void anEmptyNameIsRefused(String text) {
        var e = assertThrows(IllegalArgumentException.class, () -> OutPath.parse(text));
        assertEquals("needs a file name, got an empty one", e.getMessage());
    }
}
