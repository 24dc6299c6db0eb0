package io.loomget.spark;

import static org.apache.spark.sql.functions.regexp_replace;

import io.loomget.DownloadRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;

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

    private Names() {}

    /**
     * A URL's login: everything between the scheme and the last {@code @} before the path, query or
     * fragment (a password may hold a raw {@code @}). One pattern for {@link #masked(String)} and
     * {@link #masked(Column)} (both Java regular expressions), so that a URL masked on an executor
     * and one masked in Spark SQL are the same string.
     */
    private static final String LOGIN = "^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@";
    private static final String HIDDEN = "$1***@";
    /** Compiled once: every manifest row is masked, and a pattern compiled per row was most of a row's cost. */
    private static final Pattern LOGIN_PATTERN = Pattern.compile(LOGIN);
    private static final Pattern LEADING_SLASHES = Pattern.compile("^/+");
    private static final Pattern LEADING_DOTS = Pattern.compile("^\\.+");

    /**
     * {@code url} as the manifest keeps it and as runs compare it: {@code user:password@} (or
     * {@code user@}) as {@code ***@}, as the CLI prints it; a URL without a login unchanged, a
     * masked one too. Two URLs that differ only in their login are one URL to the job: one file
     * (its path comes from the host and path) and one manifest row.
     */
    static String masked(String url) {
        // Without an '@' there is no login: most URLs, and no regular expression for them.
        return url == null || url.indexOf('@') < 0 ? url : LOGIN_PATTERN.matcher(url).replaceFirst(HIDDEN);
    }

    /** {@link #masked(String)} in Spark SQL: for the manifest's {@code url}, which runs before this masking may hold a login. */
    static Column masked(Column url) {
        return regexp_replace(url, LOGIN, HIDDEN);
    }

    /** The partitioning key: {@code host} or {@code host:port} (an explicit port is another server). */
    static String host(String url) {
        var uri = URI.create(url);
        var host = uri.getHost().toLowerCase(Locale.ROOT);
        return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
    }

    /**
     * The authority of an absolute URL as written ({@code user@host:port}): all {@link #host} looks at,
     * so rows of one authority share one host.
     */
    static String authority(String url) {
        int from = url.indexOf("://");
        from = from < 0 ? 0 : from + 3;
        int to = from;
        while (to < url.length() && "/?#".indexOf(url.charAt(to)) < 0) {
            to++;
        }
        return url.substring(from, to);
    }

    /** The path before collisions are resolved; throws IllegalArgumentException for an unsafe {@code out}. */
    static String path(String url, String out) {
        String relative;
        if (out != null) {
            relative = LEADING_SLASHES.matcher(out.replace('\\', '/')).replaceFirst(""); // an absolute out is taken below the root
        } else {
            var uri = URI.create(url);
            var raw = uri.getRawPath() == null ? "" : uri.getRawPath();
            var last = raw.substring(raw.lastIndexOf('/') + 1);
            // A name from the URL follows the CLI's rule for a server's names: no leading dots (no hidden
            // file, and "%2E%2E" is no name at all), index.html when nothing is left.
            var name = LEADING_DOTS.matcher(URLDecoder.decode(last.replace("+", "%2B"), StandardCharsets.UTF_8)
                    .replace('/', '_').replace('\\', '_')).replaceFirst("");
            relative = host(url).replace(':', '_') + "/" + (name.isEmpty() ? "index.html" : name);
        }
        // The engine's own rules for a path below the output directory (and for each name in it), so
        // that the path planned here is the one the engine writes.
        DownloadRequest request;
        try {
            request = DownloadRequest.of(URI.create(url)).withOutPath(relative);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("out must name a file inside the output root: '" + out + "'", e);
        }
        var path = request.dir() == null ? request.outName() : request.dir().resolve(request.outName()).toString();
        if (path.equals(Manifest.DIR) || path.startsWith(Manifest.DIR + "/")) {
            throw new IllegalArgumentException("out may not write into the manifest's directory: '" + out + "'");
        }
        return path;
    }
}
