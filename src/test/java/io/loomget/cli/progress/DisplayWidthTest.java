package io.loomget.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Terminal columns, not UTF-16 units: what the live view measures its lines with. */
class DisplayWidthTest {

    static final String NAME = "ünïcødé-名前.bin";

    @Test
    void asciiTakesOneColumnEach() {
        assertEquals(9, DisplayWidth.of("short.bin"));
    }

    @Test
    void eastAsianWideCharactersTakeTwoColumns() {
        assertEquals(4, DisplayWidth.of("名前"));
        assertEquals(6, DisplayWidth.of("ｆｕｌ")); // fullwidth Latin
        assertEquals(4, DisplayWidth.of("한국"));
        assertEquals(2, DisplayWidth.of("\uD83D\uDE00")); // an emoji, a surrogate pair
    }

    @Test
    void accentedLettersTakeOneColumnPrecomposedOrCombined() {
        assertEquals(7, DisplayWidth.of("ünïcødé"));
        assertEquals(1, DisplayWidth.of("e\u0301")); // e + combining acute
        assertEquals(0, DisplayWidth.of("\u200D")); // zero-width joiner
    }

    @Test
    void theIssuesNameIsSixteenColumnsThoughFourteenUnits() {
        assertEquals(14, NAME.length());
        assertEquals(16, DisplayWidth.of(NAME));
    }

    @Test
    void cutNeverSplitsAWideCharacter() {
        assertEquals("ünïcødé-名", DisplayWidth.cut(NAME, 10));
        assertEquals("ünïcødé-名", DisplayWidth.cut(NAME, 11)); // 前 would need columns 11 and 12
        assertEquals("", DisplayWidth.cut("名前", 1));
    }

    @Test
    void cutKeepsCombiningMarksWithTheirLetter() {
        assertEquals("e\u0301", DisplayWidth.cut("e\u0301x", 1));
    }

    @Test
    void cutFromEndTakesWholeCharacters() {
        assertEquals("前.bin", DisplayWidth.cutFromEnd(NAME, 6));
        assertEquals(".bin", DisplayWidth.cutFromEnd(NAME, 5));
    }

    @Test
    void padRightFillsToTheColumns() {
        assertEquals(20, DisplayWidth.of(DisplayWidth.padRight(NAME, 20)));
        assertTrue(DisplayWidth.padRight(NAME, 20).endsWith("    "));
    }

    @Test
    void shortenedWideNamesFitTheirColumnsExactlyOrOneLess() {
        for (int width = 2; width <= 20; width++) {
            var shown = TerminalView.shorten(NAME, width);
            int columns = DisplayWidth.of(shown);
            // whole when it fits; else exactly the width, or one less where a wide character would straddle it
            assertTrue(columns <= width && columns >= Math.min(width, 16) - 1, width + ": '" + shown + "' takes " + columns);
        }
    }

    @Test
    void fitCutsByColumns() {
        var line = "名".repeat(30);
        assertEquals(18, DisplayWidth.of(TerminalView.fit(line, 20))); // 19 columns left: 9 wide characters
        assertEquals("abc", TerminalView.fit("abc", 20));
    }
}
