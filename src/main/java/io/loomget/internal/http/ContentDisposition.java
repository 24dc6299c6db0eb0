package io.loomget.internal.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The file name a {@code Content-Disposition} header suggests (RFC 6266): {@code filename*}
 * (RFC 8187 {@code charset'lang'pct-encoded}) wins over {@code filename}. The result is raw and
 * untrusted: callers must sanitize it before it names a file.
 */
public final class ContentDisposition {

    private ContentDisposition() {}

    public static Optional<String> filename(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String plain = null;
        String extended = null;
        for (var param : splitParams(header)) {
            int eq = param.indexOf('=');
            if (eq < 0) {
                continue;
            }
            var key = param.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            var value = param.substring(eq + 1).trim();
            if (key.equals("filename*")) {
                extended = decodeExtended(value);
            } else if (key.equals("filename")) {
                plain = unquote(value);
            }
        }
        var name = extended != null ? extended : plain;
        return name == null || name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    /** Splits on semicolons that are not inside a quoted string. */
    private static java.util.List<String> splitParams(String header) {
        var parts = new java.util.ArrayList<String>();
        var current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < header.length()) {
                current.append(c).append(header.charAt(++i));
                continue;
            }
            if (c == ';' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            var sb = new StringBuilder();
            for (int i = 1; i < value.length() - 1; i++) {
                char c = value.charAt(i);
                if (c == '\\' && i + 1 < value.length() - 1) {
                    c = value.charAt(++i);
                }
                sb.append(c);
            }
            return sb.toString();
        }
        return value;
    }

    private static String decodeExtended(String value) {
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        if (second < 0) {
            return null;
        }
        Charset charset;
        try {
            charset = Charset.forName(value.substring(0, first).trim());
        } catch (IllegalArgumentException unknown) {
            return null;
        }
        var encoded = value.substring(second + 1);
        var bytes = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length()) {
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '%') {
                return null;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(charset);
    }
}
