package io.loomget.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Untrusted names become one safe path segment; nothing here touches the network or the disk. */
class FileNamesTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            report.pdf         | report.pdf
            f-0001_v2.tar.gz   | f-0001_v2.tar.gz
            a b.txt            | a b.txt
            ../../etc/passwd   | passwd
            ..\\..\\boot.ini   | boot.ini
            /absolute/path.txt | path.txt
            C:\\Windows\\x.dll | x.dll
            C:x.txt            | Cx.txt
            ..                 | index.html
            .                  | index.html
            ...                | index.html
            dir/               | index.html
            .hidden            | hidden
            trailing.          | trailing
            ~  padded name  ~  | padded name
            name. . .          | name
            CON                | _CON
            con.txt            | _con.txt
            Aux.tar.gz         | _Aux.tar.gz
            NUL                | _NUL
            com1.log           | _com1.log
            LPT9               | _LPT9
            console.txt        | console.txt
            com10              | com10
            café €.txt         | café €.txt
            """)
    void sanitizeKeepsOneSafeSegment(String raw, String expected) {
        assertEquals(expected, FileNames.sanitize(raw));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            .env               | .env
            .bashrc.           | .bashrc
            ...x               | ...x
            ..                 | index.html
            ....               | index.html
            ../.x              | .x
            .ab          | .ab
            """)
    void aChosenNameKeepsItsLeadingDotsAndNothingElseUnsafe(String raw, String expected) {
        assertEquals(expected, FileNames.chosen(raw));
    }

    @Test
    void controlCharactersAreRemoved() {
        assertEquals("abcdef.txt", FileNames.sanitize("a\u0000b\u0007c\r\nd\u001be\u007ff.txt"));
    }

    @Test
    void lineAndParagraphSeparatorsAreRemoved() {
        assertEquals("ab.txt", FileNames.sanitize("a\u2028b\u2029.txt"));
    }

    @Test
    void bidiControlsAndAByteOrderMarkAreRemoved() {
        // With U+202E after "invoice", "fdp.exe" would show as "exe.pdf"
        assertEquals("invoicefdp.exe", FileNames.sanitize("invoice\u202Efdp.exe"));
        assertEquals("ab.txt", FileNames.sanitize("a\u2066\u200Fb\uFEFF.txt"));
    }

    @Test
    void joinersThatWordsAndEmojiNeedStay() {
        assertEquals("می\u200Cخواهم.txt", FileNames.sanitize("می\u200Cخواهم.txt"), "Persian's zero-width non-joiner");
        assertEquals("\uD83D\uDC69\u200D\uD83D\uDCBB.png", FileNames.sanitize("\uD83D\uDC69\u200D\uD83D\uDCBB.png"));
    }

    @Test
    void nullBecomesIndexHtml() {
        assertEquals(FileNames.DEFAULT_NAME, FileNames.sanitize(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../x", "..\\..\\x", "a/b/../../../x", "x\u0000/..", "CON", "nul.txt", "...."})
    void resultAlwaysResolvesDirectlyInsideTheDirectory(String raw) {
        var dir = Path.of("/srv/downloads");
        var resolved = dir.resolve(FileNames.sanitize(raw)).normalize();
        assertEquals(dir, resolved.getParent(), resolved.toString());
    }

    @Test
    void longNameIsCutToTheByteBudgetKeepingTheExtension() {
        var name = FileNames.sanitize("x".repeat(1000) + ".tar.gz");

        assertEquals(FileNames.MAX_BYTES, name.getBytes(StandardCharsets.UTF_8).length);
        assertTrue(name.endsWith(".gz"), name);
        assertTrue(name.startsWith("xxx"), name);
    }

    @Test
    void longMultibyteNameIsCutOnACodePointBoundary() {
        var name = FileNames.sanitize("\uD83D\uDE00".repeat(100) + "é".repeat(3) + ".txt"); // 4-byte emoji

        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        assertTrue(utf8.length <= FileNames.MAX_BYTES, "bytes: " + utf8.length);
        assertEquals(name, new String(utf8, StandardCharsets.UTF_8), "no broken surrogate pair");
        assertTrue(name.endsWith(".txt"), name);
    }

    @Test
    void longNameWithAVeryLongExtensionIsCutAsAWhole() {
        var name = FileNames.sanitize("a." + "b".repeat(500));

        assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= FileNames.MAX_BYTES);
        assertTrue(name.startsWith("a.bbb"), name);
    }

    @Test
    void nameAtTheLimitIsKept() {
        var exact = "y".repeat(FileNames.MAX_BYTES - 4) + ".bin";
        assertEquals(exact, FileNames.sanitize(exact));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://example.com/files/report.pdf             | report.pdf
            https://example.com/files/my%20report%281%29.pdf | my report(1).pdf
            https://example.com/na%C3%AFve.txt               | naïve.txt
            https://example.com/dir/                         | index.html
            https://example.com/                             | index.html
            https://example.com                              | index.html
            https://example.com/get.php?file=a.zip           | get.php
            https://example.com/a.iso#part2                  | a.iso
            https://example.com/dir/..                       | index.html
            https://example.com/a/%2E%2E                     | index.html
            https://example.com/dl/..%2F..%2Fevil.sh         | evil.sh
            https://example.com/CON                          | _CON
            """)
    void fromUriUsesTheLastPathSegmentPercentDecoded(String uri, String expected) {
        assertEquals(expected, FileNames.fromUri(URI.create(uri)));
    }

    @ParameterizedTest(name = "{0} #{1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            data.bin       | 1  | data.1.bin
            data.bin       | 12 | data.12.bin
            archive.tar.gz | 1  | archive.tar.1.gz
            README         | 2  | README.2
            """)
    void numberedInsertsTheNumberBeforeTheExtension(String name, int n, String expected) {
        assertEquals(expected, FileNames.numbered(name, n));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"y.bin", "y", "y.tar.gz", "\u20ac.txt", "a.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"})
    void numberedFormOfANameAtTheLimitStaysWithinIt(String model) {
        // The model's first character repeated until the name is at the limit, its extension kept.
        int dot = model.indexOf('.');
        var ext = dot < 0 ? "" : model.substring(dot);
        var first = model.substring(0, model.offsetByCodePoints(0, 1));
        var name = FileNames.sanitize(first.repeat(FileNames.MAX_BYTES) + ext);

        for (int n : new int[] {1, 12, 1000, Integer.MAX_VALUE}) {
            var numbered = FileNames.numbered(name, n);
            assertTrue(numbered.getBytes(StandardCharsets.UTF_8).length <= FileNames.MAX_BYTES, numbered);
            assertTrue(numbered.contains("." + n), numbered);
            assertTrue(numbered.startsWith(first), numbered);
            assertEquals(numbered, new String(numbered.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
                    "cut inside a character: " + numbered);
        }
    }
}
