package io.loomget.cli.progress;

/**
 * How many terminal columns a text takes, as terminals draw it (after wcwidth): East Asian wide and
 * fullwidth characters take two, combining marks and other zero-width characters none, the rest one.
 * {@code String.length()} counts UTF-16 units, which is wrong both ways ({@code 名前} is 2 units but
 * 4 columns, {@code é} written as e + U+0301 is 2 units but 1 column).
 */
final class DisplayWidth {

    private DisplayWidth() {}

    /** The columns {@code text} takes on a terminal (no control sequences in it). */
    static int of(String text) {
        int columns = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            columns += of(cp);
            i += Character.charCount(cp);
        }
        return columns;
    }

    /** 0, 1 or 2 columns for one code point. */
    static int of(int cp) {
        if (cp == 0 || isZeroWidth(cp)) {
            return 0;
        }
        return isWide(cp) ? 2 : 1;
    }

    /** The longest start of {@code text} that takes at most {@code columns} (never half a wide character). */
    static String cut(String text, int columns) {
        int used = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int w = of(cp);
            if (used + w > columns) {
                break;
            }
            used += w;
            i += Character.charCount(cp);
        }
        // combining marks that follow the last character kept belong to it
        while (i < text.length() && of(text.codePointAt(i)) == 0) {
            i += Character.charCount(text.codePointAt(i));
        }
        return text.substring(0, i);
    }

    /** The shortest end of {@code text} that takes at most {@code columns}. */
    static String cutFromEnd(String text, int columns) {
        int used = 0;
        int i = text.length();
        int start = i;
        while (i > 0) {
            int cp = text.codePointBefore(i);
            int w = of(cp);
            if (used + w > columns) {
                break;
            }
            used += w;
            i -= Character.charCount(cp);
            if (w > 0) {
                start = i; // never start with a combining mark cut from its base
            }
        }
        return text.substring(start);
    }

    /** {@code text} padded with spaces on the right to {@code columns} (unchanged when already as wide). */
    static String padRight(String text, int columns) {
        return text + " ".repeat(Math.max(0, columns - of(text)));
    }

    private static boolean isZeroWidth(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.FORMAT // zero-width joiner, soft hyphen, bidi marks
                || cp >= 0x1160 && cp <= 0x11FF // Hangul medial vowels and final consonants join the syllable
                || cp >= 0xFE00 && cp <= 0xFE0F; // variation selectors
    }

    /** East Asian Wide (W) and Fullwidth (F) ranges of Unicode's EastAsianWidth.txt, and the wide emoji. */
    private static boolean isWide(int cp) {
        return cp >= 0x1100 && cp <= 0x115F // Hangul Jamo initials
                || cp == 0x2329 || cp == 0x232A
                || cp >= 0x231A && cp <= 0x231B || cp >= 0x23E9 && cp <= 0x23EC || cp == 0x23F0 || cp == 0x23F3
                || cp >= 0x25FD && cp <= 0x25FE || cp >= 0x2614 && cp <= 0x2615 || cp >= 0x2648 && cp <= 0x2653
                || cp == 0x267F || cp == 0x2693 || cp == 0x26A1 || cp >= 0x26AA && cp <= 0x26AB
                || cp >= 0x26BD && cp <= 0x26BE || cp >= 0x26C4 && cp <= 0x26C5 || cp == 0x26CE || cp == 0x26D4
                || cp == 0x26EA || cp >= 0x26F2 && cp <= 0x26F3 || cp == 0x26F5 || cp == 0x26FA || cp == 0x26FD
                || cp == 0x2705 || cp >= 0x270A && cp <= 0x270B || cp == 0x2728 || cp == 0x274C || cp == 0x274E
                || cp >= 0x2753 && cp <= 0x2755 || cp == 0x2757 || cp >= 0x2795 && cp <= 0x2797 || cp == 0x27B0
                || cp == 0x27BF || cp >= 0x2B1B && cp <= 0x2B1C || cp == 0x2B50 || cp == 0x2B55
                || cp >= 0x2E80 && cp <= 0x303E // CJK radicals, Kangxi, CJK symbols and punctuation
                || cp >= 0x3041 && cp <= 0x33FF // kana, Bopomofo, Hangul compatibility, CJK compatibility
                || cp >= 0x3400 && cp <= 0x4DBF // CJK extension A
                || cp >= 0x4E00 && cp <= 0x9FFF // CJK unified ideographs
                || cp >= 0xA000 && cp <= 0xA4CF // Yi
                || cp >= 0xA960 && cp <= 0xA97F // Hangul Jamo extended A
                || cp >= 0xAC00 && cp <= 0xD7A3 // Hangul syllables
                || cp >= 0xF900 && cp <= 0xFAFF // CJK compatibility ideographs
                || cp >= 0xFE10 && cp <= 0xFE19 // vertical forms
                || cp >= 0xFE30 && cp <= 0xFE6F // CJK compatibility forms, small forms
                || cp >= 0xFF00 && cp <= 0xFF60 // fullwidth forms
                || cp >= 0xFFE0 && cp <= 0xFFE6
                || cp >= 0x16FE0 && cp <= 0x18CFF // Tangut, Khitan
                || cp >= 0x1B000 && cp <= 0x1B2FF // kana supplement and extensions, Nushu
                || cp == 0x1F004 || cp == 0x1F0CF || cp == 0x1F18E || cp >= 0x1F191 && cp <= 0x1F19A
                || cp >= 0x1F200 && cp <= 0x1F2FF // enclosed ideographic supplement
                || cp >= 0x1F300 && cp <= 0x1F64F // pictographs, emoticons
                || cp >= 0x1F680 && cp <= 0x1F6FF // transport and map symbols
                || cp >= 0x1F7E0 && cp <= 0x1F7EB
                || cp >= 0x1F900 && cp <= 0x1FAFF // supplemental symbols and pictographs
                || cp >= 0x20000 && cp <= 0x2FFFD // CJK extensions B-F
                || cp >= 0x30000 && cp <= 0x3FFFD; // CJK extension G and later
    }
}
