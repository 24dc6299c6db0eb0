package io.loomget.internal.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Netscape/Mozilla {@code cookies.txt} that curl, wget, aria2 and browsers' export extensions
 * read and write: one cookie a line, seven TAB-separated fields (domain, subdomains TRUE/FALSE, path,
 * secure TRUE/FALSE, expiry in epoch seconds or 0, name, value); {@code #HttpOnly_} before the
 * domain marks an HttpOnly cookie; other {@code #} lines and blank lines are comments.
 */
public final class CookieFile {

    /** The cookies read, and one line per line that was skipped ({@code FILE:N: reason}). */
    public record Read(List<CookieJar.Cookie> cookies, List<String> problems) {}

    private static final String HTTP_ONLY = "#HttpOnly_";

    private CookieFile() {}

    /** @throws IOException when the file cannot be read, or is not text (a browser's own database, say) */
    public static Read read(Path file) throws IOException {
        var cookies = new ArrayList<CookieJar.Cookie>();
        var problems = new ArrayList<String>();
        int lineNo = 0;
        for (var line : text(file).lines().toList()) {
            lineNo++;
            boolean httpOnly = line.startsWith(HTTP_ONLY);
            if (httpOnly) {
                line = line.substring(HTTP_ONLY.length());
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            var fields = line.split("\t", -1);
            if (fields.length != 7) {
                problems.add(file + ":" + lineNo + ": expected 7 TAB-separated fields, found " + fields.length);
                continue;
            }
            try {
                cookies.add(cookie(fields, httpOnly));
            } catch (IllegalArgumentException e) {
                problems.add(file + ":" + lineNo + ": " + e.getMessage());
            }
        }
        return new Read(List.copyOf(cookies), List.copyOf(problems));
    }

    /**
     * The file as UTF-8 text. The usual wrong file is a browser's own cookie store, an SQLite database
     * (Chrome's {@code Cookies}, Firefox's {@code cookies.sqlite}): said as such, rather than as the
     * decoder's "input length = 1".
     */
    private static String text(Path file) throws IOException {
        var bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            boolean sqlite = bytes.length >= SQLITE.length && java.util.Arrays.equals(bytes, 0, SQLITE.length, SQLITE, 0, SQLITE.length);
            throw new IOException("not a cookies.txt (Netscape format): " + (sqlite
                    ? "an SQLite database, a browser's own cookie store; export its cookies as cookies.txt"
                    : "not UTF-8 text"), e);
        }
    }

    private static final byte[] SQLITE = "SQLite format 3\0".getBytes(StandardCharsets.ISO_8859_1);

    private static CookieJar.Cookie cookie(String[] f, boolean httpOnly) {
        var domain = f[0].strip().toLowerCase(Locale.ROOT);
        if (domain.isEmpty() || f[5].isEmpty()) {
            throw new IllegalArgumentException("a cookie needs a domain and a name");
        }
        long expires;
        try {
            expires = Long.parseLong(f[4].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expiry '" + f[4] + "' is not a number of seconds");
        }
        boolean subdomains = bool(f[1], "subdomains");
        var path = f[2].startsWith("/") ? f[2] : "/";
        return new CookieJar.Cookie(domain.startsWith(".") ? domain.substring(1) : domain, !subdomains, path,
                bool(f[3], "secure"), httpOnly, Math.max(0, expires), f[5], f[6]);
    }

    private static boolean bool(String field, String what) {
        return switch (field.strip().toUpperCase(Locale.ROOT)) {
            case "TRUE" -> true;
            case "FALSE" -> false;
            default -> throw new IllegalArgumentException(what + " must be TRUE or FALSE, got '" + field + "'");
        };
    }

    /** Writes {@code cookies} to {@code file} at once or not at all (a temporary file renamed over it). */
    public static void write(Path file, List<CookieJar.Cookie> cookies) throws IOException {
        var text = new StringBuilder("# Netscape HTTP Cookie File\n# written by loomget\n\n");
        for (var c : cookies) {
            text.append(c.httpOnly() ? HTTP_ONLY : "")
                    .append(c.hostOnly() ? c.domain() : "." + c.domain()).append('\t')
                    .append(c.hostOnly() ? "FALSE" : "TRUE").append('\t')
                    .append(c.path()).append('\t')
                    .append(c.secure() ? "TRUE" : "FALSE").append('\t')
                    .append(c.expiresAt()).append('\t')
                    .append(c.name()).append('\t')
                    .append(c.value()).append('\n');
        }
        var dir = file.toAbsolutePath().getParent();
        var temporary = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, text);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
