package io.loomget.internal.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A redirect's {@code Location} as a URI. Servers write what a URI may not hold into it: a space,
 * {@code |}, {@code "}, a lone {@code %}, a path in raw UTF-8. curl, aria2 and browsers percent-encode
 * those bytes and follow; so does this, rather than fail the download or, for UTF-8, ask for another
 * path (the JDK client reads each byte of a header as one character, and a {@link URI} would send each
 * of those characters as two UTF-8 bytes again).
 */
final class Location {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private Location() {}

    /**
     * {@code value}, as the client read it, resolved against {@code base}, the URL that answered with it:
     * its bytes that may not stand in a URI (controls, space, non-ASCII, {@code "<>\^`{|}}, a {@code %}
     * that starts no escape) percent-encoded, the rest as it is.
     *
     * @throws IllegalArgumentException when it is no URI even so (a broken IPv6 host, say)
     */
    static URI resolve(URI base, String value) {
        return base.resolve(encodeUnsafe(value.strip()));
    }

    static String encodeUnsafe(String location) {
        var out = new StringBuilder(location.length() + 16);
        for (int i = 0; i < location.length(); i++) {
            char c = location.charAt(i);
            if (c > 0xff) {
                // Not from the wire (where each byte is one character): a caller's Unicode, sent as UTF-8.
                int end = Character.isHighSurrogate(c) && i + 1 < location.length() ? i + 2 : i + 1;
                for (byte b : location.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX.toHexDigits(b));
                }
                i = end - 1;
            } else if (c <= 0x20 || c >= 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0 || (c == '%' && !startsEscape(location, i))) {
                out.append('%').append(HEX.toHexDigits((byte) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean startsEscape(String s, int percent) {
        return percent + 2 < s.length() && HexFormat.isHexDigit(s.charAt(percent + 1))
                && HexFormat.isHexDigit(s.charAt(percent + 2));
    }
}
