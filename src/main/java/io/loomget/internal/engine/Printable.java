package io.loomget.internal.engine;

/**
 * Keeps text a server chose (header values the JDK quotes in its exceptions, validators, URLs) from
 * driving the terminal it is printed on: no escape sequences, no line breaks, no bidi reordering.
 */
public final class Printable {

    private Printable() {}

    /**
     * {@code text} with every character that is not safe to print written as a visible escape: C0 controls
     * (line breaks and tabs included), DEL and C1 as {@code \x1b}; format characters (bidi overrides and
     * isolates, zero-width ones), line and paragraph separators and lone surrogates as a backslash, {@code u}
     * and four hex digits (U+202E as {@code \}{@code u202e}).
     * Text without any, as nearly all is, comes back as it is; escaping twice changes nothing more.
     */
    public static String of(String text) {
        if (text == null) {
            return null;
        }
        int first = 0;
        while (first < text.length() && !unsafe(text.charAt(first))) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        var sb = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                if (Character.getType(cp) == Character.FORMAT) { // tag characters, U+E0001..
                    sb.append(String.format("\\U%08x", cp));
                } else {
                    sb.appendCodePoint(cp);
                }
            } else if (!unsafe(c)) {
                sb.append(c);
            } else if (c <= 0xff) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    /** A character a terminal may act on rather than show, or one that can reorder or hide what follows. */
    private static boolean unsafe(char c) {
        if (c >= 0x20 && c < 0x7f) {
            return false; // printable ASCII: the fast path
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE -> true;
            default -> false;
        };
    }
}
