package io.loomget.internal.io;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Turns untrusted names (from a URL, a {@code Content-Disposition} header or the user) into a single
 * safe path segment: no separators, no {@code ..}, no control characters, no device names, not too
 * long, and from a server no leading dot (no hidden files). Whatever a server sends, the result names
 * a file inside the output directory.
 */
public final class FileNames {

    public static final String DEFAULT_NAME = "index.html";
    /**
     * Most file systems allow 255 bytes in a name; room is left for the longest one loomget puts beside a
     * file, {@code NAME.part.state.tmp} (15 bytes more). A numbered form ({@link #numbered}) fits it too.
     */
    static final int MAX_BYTES = 240;

    private static final Set<String> WINDOWS_DEVICES = Set.of("con", "prn", "aux", "nul",
            "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    private FileNames() {}

    /** The last segment of the URL's path, percent-decoded, or {@code index.html}. */
    public static String fromUri(URI uri) {
        var path = uri.getPath();
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            return DEFAULT_NAME;
        }
        return sanitize(path.substring(path.lastIndexOf('/') + 1));
    }

    /** A safe single file name from {@code raw}, or {@code index.html} when nothing usable is left. */
    public static String sanitize(String raw) {
        return sanitize(raw, false);
    }

    /**
     * A server's name ({@code Content-Disposition}) made safe, or empty when nothing usable is left of it
     * ({@code ".."}, {@code "../"}, dots and spaces): then the URL's own name serves, not {@code index.html}.
     */
    public static java.util.Optional<String> fromServer(String raw) {
        return java.util.Optional.ofNullable(clean(raw, false));
    }

    /**
     * A name the user chose ({@code -o}, {@code out=}, {@code dir=}): made safe as {@link #sanitize}
     * makes a server's, but leading dots stay: {@code -o .env} asks for a hidden file, as with curl and
     * wget. A name of dots alone is still no name.
     */
    public static String chosen(String raw) {
        return sanitize(raw, true);
    }

    private static String sanitize(String raw, boolean keepLeadingDots) {
        var name = clean(raw, keepLeadingDots);
        return name == null ? DEFAULT_NAME : name;
    }

    /** {@code raw} made safe, or null when nothing usable is left of it. */
    private static String clean(String raw, boolean keepLeadingDots) {
        if (raw == null) {
            return null;
        }
        if (isPlain(raw)) {
            return raw;
        }
        // Only the last segment counts, whichever separator a server used.
        var name = raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
        var sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            // Bidi controls too: after a right-to-left override (U+202E), "xgpj.exe" is shown as "xexe.jpg".
            // (Other format characters stay: a Persian name needs its zero-width non-joiner, an emoji its joiner.)
            if (!Character.isISOControl(cp) && !isBidiControl(cp) && cp != '\uFEFF'
                    && cp != ':' && cp != '\u2028' && cp != '\u2029') {
                sb.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        name = sb.toString().strip();
        // Leading dots would make ".." or a hidden file; trailing dots and spaces vanish on Windows.
        // (Plain loops: this runs once per file, and a regex here costs more than the rest of it.)
        int from = 0;
        while (from < name.length() && name.charAt(from) == '.') {
            from++;
        }
        if (keepLeadingDots && from < name.length()) {
            from = 0;
        }
        int to = name.length();
        while (to > from && (name.charAt(to - 1) == '.' || name.charAt(to - 1) == ' ')) {
            to--;
        }
        name = name.substring(from, to);
        if (name.isEmpty()) {
            return null;
        }
        var stem = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        if (WINDOWS_DEVICES.contains(stem.toLowerCase(Locale.ROOT))) {
            name = "_" + name;
        }
        return truncate(name);
    }

    /** The marks, embeddings, overrides and isolates that reorder how the text around them is shown. */
    private static boolean isBidiControl(int cp) {
        return cp == 0x061C || cp == 0x200E || cp == 0x200F || cp >= 0x202A && cp <= 0x202E || cp >= 0x2066 && cp <= 0x2069;
    }

    /**
     * Already safe as it is, as most names are: printable ASCII without separators or {@code :}, no dot or
     * space at either end, short enough, and a stem too long or too short for a device name.
     */
    private static boolean isPlain(String name) {
        int length = name.length();
        if (length == 0 || length > MAX_BYTES) {
            return false;
        }
        char first = name.charAt(0);
        char last = name.charAt(length - 1);
        if (first == '.' || first == ' ' || last == '.' || last == ' ') {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '/' || c == '\\' || c == ':') {
                return false;
            }
        }
        int stem = name.indexOf('.') < 0 ? length : name.indexOf('.');
        return stem != 3 && stem != 4;
    }

    /**
     * {@code name.N.ext}: the N-th alternative when {@code name} is taken (aria2's scheme). Within
     * {@link #MAX_BYTES} like every name here, the stem cut as needed: a name at the limit plus ".1" would
     * otherwise leave no room for its part file's state, and the download would fail at its first save.
     */
    public static String numbered(String name, int n) {
        int dot = name.lastIndexOf('.');
        var number = "." + n;
        // An extension so long that the stem would have to go entirely gives way itself: "a.bbb…b.1".
        boolean keepExt = dot > 0 && utf8Length(name.substring(dot)) + number.length() < MAX_BYTES;
        var stem = keepExt ? name.substring(0, dot) : name;
        var tail = keepExt ? number + name.substring(dot) : number;
        return cut(stem, MAX_BYTES - utf8Length(tail)) + tail;
    }

    /** Cuts the stem (keeping the extension) until the UTF-8 form fits {@link #MAX_BYTES}. */
    private static String truncate(String name) {
        if (utf8Length(name) <= MAX_BYTES) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        var ext = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
        var stem = name.substring(0, name.length() - ext.length());
        return cut(stem, MAX_BYTES - utf8Length(ext)) + ext;
    }

    /** The longest prefix of {@code text} whose UTF-8 form fits {@code budget} bytes, cut between code points. */
    private static String cut(String text, int budget) {
        if (utf8Length(text) <= budget) {
            return text;
        }
        var sb = new StringBuilder();
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + len > budget) {
                break;
            }
            sb.appendCodePoint(cp);
            used += len;
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
