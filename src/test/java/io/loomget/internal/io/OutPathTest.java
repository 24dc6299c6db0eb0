package io.loomget.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code -o} and {@code out=}: a name, or a path below the output directory; never one that leaves it. */
class OutPathTest {

    @Test
    void aPlainNameHasNoDirectory() {
        var out = OutPath.parse("x.bin");
        assertNull(out.dir());
        assertEquals("x.bin", out.name());
    }

    @Test
    void aRelativePathKeepsItsDirectories() {
        var out = OutPath.parse("sub/deeper/x.bin");
        assertEquals(Path.of("sub", "deeper"), out.dir());
        assertEquals("x.bin", out.name());
    }

    @Test
    void dotSegmentsAndDoubledSlashesAreDropped() {
        var out = OutPath.parse("./sub//./x.bin");
        assertEquals(Path.of("sub"), out.dir());
        assertEquals("x.bin", out.name());
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

    @Test
    void segmentsAreSanitizedLikeAnyName() {
        var out = OutPath.parse("a\u0007b/c:d.bin");
        assertEquals(Path.of("ab"), out.dir());
        assertEquals("cd.bin", out.name());
    }
}
