package io.loomget;

import io.loomget.internal.engine.Redaction;
import io.loomget.internal.http.HeaderLine;
import io.loomget.internal.io.OutPath;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One file to download: where from, and what the input said about it. {@code outName},
 * {@code dir}, {@code checksum} and {@code connections} are {@code null} when the batch's settings apply.
 *
 * @param uri     the URL
 * @param outName the file name asked for ({@code -o} or {@code out=}); sanitized before use; null or
 *                empty for the name the server or the URL gives (as the daemon's {@code out=""})
 * @param dir     a sub-directory of the output directory for this file (relative, without {@code ..})
 * @param headers extra request headers for this file only
 * @param source  where the request came from, for messages (e.g. {@code links.txt:3})
 * @param mirrors more URLs of the same file (aria2's TAB-separated URIs); ranges are spread over all
 */
public record DownloadRequest(URI uri, String outName, Path dir, Checksum checksum, Integer connections,
                              Map<String, String> headers, String source, List<URI> mirrors) {

    /**
     * @throws IllegalArgumentException when {@code uri} or a mirror is not an absolute http(s) URL with a
     *         host, when {@code dir} is absolute or has {@code ..} (nothing is written
     *         outside the output directory), for {@code connections} below 1 or above
     *         {@link Settings#MAX_RANGES}, or for a header the HTTP
     *         client would refuse to send ({@code Host}, {@code Connection}, ..., or characters a header
     *         cannot carry)
     */
    public DownloadRequest {
        Objects.requireNonNull(uri, "uri");
        requireHttp(uri, "uri");
        if (outName != null && outName.isEmpty()) {
            outName = null; // sanitized, an empty name became "index.html" instead of the URL's or server's name
        }
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(mirrors, "mirrors");
        mirrors.forEach(mirror -> requireHttp(Objects.requireNonNull(mirror, "mirror"), "mirror"));
        if (connections != null && connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1 (or null for the batch's), got " + connections);
        }
        if (connections != null && connections > Settings.MAX_RANGES) {
            throw new IllegalArgumentException("connections must be at most " + Settings.MAX_RANGES + ", got " + connections);
        }
        if (dir != null && OutPath.leaves(dir)) {
            throw new IllegalArgumentException("dir must stay inside the output directory, got " + dir);
        }
        headers = Map.copyOf(headers);
        headers.forEach(HeaderLine::check);
        mirrors = List.copyOf(mirrors);
    }

    /** Refused at once rather than failing when the download starts ("URI with undefined scheme"). */
    private static void requireHttp(URI uri, String what) {
        if (Links.notDownloadable(uri) != null) {
            throw new IllegalArgumentException(what + " must be an absolute http or https URL with a host, got '"
                    + Redaction.redact(uri) + "'");
        }
    }

    public DownloadRequest(URI uri, String outName, Path dir, Checksum checksum, Integer connections,
                           Map<String, String> headers, String source) {
        this(uri, outName, dir, checksum, connections, headers, source, List.of());
    }

    public static DownloadRequest of(URI uri) {
        Objects.requireNonNull(uri, "uri"); // before it is redacted for the source
        return new DownloadRequest(uri, null, null, null, null, Map.of(), Redaction.redact(uri));
    }

    /**
     * This request saved as {@code name}, a single file name (made safe before use: a directory part
     * is dropped); {@link #withOutPath} takes a path below the output directory.
     */
    public DownloadRequest withOutName(String name) {
        return new DownloadRequest(uri, name, dir, checksum, connections, headers, source, mirrors);
    }

    /**
     * The file saved as {@code path}, relative to this request's directory: a name, or a path such
     * as {@code sub/name.bin} (the sub-directory is created). Nothing may leave the output directory.
     *
     * @throws IllegalArgumentException for an absolute path, a path with {@code ..}, or one that names no file
     */
    public DownloadRequest withOutPath(String path) {
        var out = OutPath.parse(path);
        return withOut(out.dir(), out.name());
    }

    /**
     * {@code -o}: the file name, and a sub-directory of this request's directory to put it in
     * ({@code subdir} null for none; like {@code dir}, it must stay inside the output directory).
     */
    public DownloadRequest withOut(Path subdir, String name) {
        var where = subdir == null ? dir : dir == null ? subdir : dir.resolve(subdir);
        return new DownloadRequest(uri, name, where, checksum, connections, headers, source, mirrors);
    }

    /**
     * This request with one more header, in place of any of the same name (in any case).
     *
     * @throws IllegalArgumentException for a header the HTTP client would refuse to send
     */
    public DownloadRequest withHeader(String name, String value) {
        var more = new LinkedHashMap<>(withoutHeader(name).headers());
        more.put(name, value);
        return new DownloadRequest(uri, outName, dir, checksum, connections, more, source, mirrors);
    }

    /**
     * This request with one more header: a name it already has (in any case) gets {@code value} after
     * its own, comma-separated as HTTP combines a repeated field ({@code ;} for {@code Cookie}), as
     * curl and aria2 send a header given twice; {@link #withHeader} replaces instead.
     */
    public DownloadRequest withHeaderAdded(String name, String value) {
        var more = new LinkedHashMap<>(headers);
        new HeaderLine(name, value).addTo(more);
        return new DownloadRequest(uri, outName, dir, checksum, connections, more, source, mirrors);
    }

    /** This request without a header of that name (in any case). */
    public DownloadRequest withoutHeader(String name) {
        var others = new LinkedHashMap<>(headers);
        others.keySet().removeIf(name::equalsIgnoreCase);
        return new DownloadRequest(uri, outName, dir, checksum, connections, others, source, mirrors);
    }

    public DownloadRequest withChecksum(Checksum expected) {
        return new DownloadRequest(uri, outName, dir, expected, connections, headers, source, mirrors);
    }

    /** The URL as safe to print: user info (credentials) is never shown. */
    public String displayUri() {
        return Redaction.redact(uri);
    }

    /** As a record shows itself, with the URLs' passwords and secret headers hidden: it ends up in logs. */
    @Override
    public String toString() {
        return "DownloadRequest[uri=" + displayUri() + ", outName=" + outName + ", dir=" + dir + ", checksum=" + checksum
                + ", connections=" + connections + ", headers=" + Redaction.redact(headers) + ", source="
                + Redaction.redactText(source) + ", mirrors=" + mirrors.stream().map(Redaction::redact).toList() + "]";
    }
}
