package io.loomget.spark;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where a URL's file goes under the output root; pure functions of the URL, so that every task
 * attempt and every run of the job picks the same path.
 * <ul>
 * <li>{@code out} given (input's {@code dir=}/{@code out=} or the table's column): that relative path.</li>
 * <li>otherwise {@code HOST[_PORT]/NAME}, NAME the URL's last path segment ({@code index.html} for none).</li>
 * <li>two URLs of a job on the same path: each gets {@code HASH-NAME} instead, HASH the first
 *     10 hex digits of the URL's SHA-256 (in {@link DownloadJob}, as Spark SQL over the whole job).</li>
 * </ul>
 */
final class Names {

    private static final int MAX_NAME = 200;

    private Names() {}

    /** The partitioning key: {@code host} or {@code host:port} (an explicit port is another server). */
    static String host(String url) {
        var uri = URI.create(url);
        var host = uri.getHost().toLowerCase(Locale.ROOT);
        return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
    }

    /** The path before collisions are resolved; throws IllegalArgumentException for an unsafe {@code out}. */
    static String path(String url, String out) {
        if (out != null) {
            return safeRelative(out);
        }
        var uri = URI.create(url);
        var raw = uri.getRawPath() == null ? "" : uri.getRawPath();
        var last = raw.substring(raw.lastIndexOf('/') + 1);
        var name = last.isEmpty() ? "index.html" : clean(URLDecoder.decode(last.replace("+", "%2B"), StandardCharsets.UTF_8));
        return clean(host(url).replace(':', '_')) + "/" + name;
    }

    private static String safeRelative(String out) {
        var parts = out.replace('\\', '/').split("/+");
        var sb = new StringBuilder();
        for (var part : parts) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new IllegalArgumentException("out must stay inside the output root: '" + out + "'");
            }
            if (!sb.isEmpty()) {
                sb.append('/');
            }
            sb.append(clean(part));
        }
        if (sb.isEmpty()) {
            throw new IllegalArgumentException("out names no file: '" + out + "'");
        }
        if (sb.toString().equals(Manifest.DIR) || sb.toString().startsWith(Manifest.DIR + "/")) {
            throw new IllegalArgumentException("out may not write into the manifest's directory: '" + out + "'");
        }
        return sb.toString();
    }

    /** One safe path segment: no separators or control characters, not hidden, not too long. */
    static String clean(String segment) {
        var sb = new StringBuilder(segment.length());
        segment.codePoints().forEach(c -> sb.appendCodePoint(
                c < 0x20 || c == 0x7f || "/\\:*?\"<>|".indexOf(c) >= 0 ? '_' : c));
        var s = sb.toString().strip();
        while (s.startsWith(".")) {
            s = "_" + s.substring(1);
        }
        if (s.isEmpty()) {
            s = "_";
        }
        return s.length() <= MAX_NAME ? s : s.substring(0, MAX_NAME);
    }
}
