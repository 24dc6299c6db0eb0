package io.loomget.daemon;

import io.loomget.ByteSize;
import io.loomget.Checksum;
import io.loomget.DownloadRequest;
import io.loomget.RetryPolicy;
import io.loomget.Settings;
import io.loomget.Version;
import io.loomget.internal.engine.Printable;
import io.loomget.internal.http.JdkTransport;
import io.loomget.internal.io.OutPath;
import io.loomget.internal.http.TlsMaterial;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * aria2's option names and string values, to and from what a download is ({@link DownloadRequest})
 * and how it runs ({@link Settings}). A download is always built afresh from its URIs and a whole
 * option map, so that {@code changeOption}, a session line and {@code addUri} take one path. {@code dir}
 * and {@code out} keep to the CLI's rules: below {@code -d} (an absolute {@code dir} inside it is fine),
 * anywhere only when the daemon was started with {@code --rpc-allow-any-dir}. {@code http-passwd} is
 * kept and saved in the session (which must restore it) but never shown back ({@link #shown}).
 */
final class Options {

    /** What a download can have of its own, in the order they are applied ({@code dir} before {@code out}). */
    static final List<String> PER_DOWNLOAD = List.of("dir", "out", "split", "max-connection-per-server",
            "min-split-size", "continue", "allow-overwrite", "timeout", "max-tries", "retry-wait", "header",
            "user-agent", "checksum", "max-download-limit", "conditional-get", "remote-time", "lowest-speed-limit",
            "no-netrc", "http-user", "http-passwd", "referer", "connect-timeout", "ca-certificate");

    /** Options kept but never shown back: aria2 shows {@code http-passwd} in getOption, loomget does not. */
    static final Set<String> SECRET = Set.of("http-passwd");

    /** Options that only the daemon as a whole has ({@code changeGlobalOption} changes the first live). */
    static final Set<String> GLOBAL_ONLY = Set.of("max-concurrent-downloads");

    record Download(DownloadRequest request, Settings settings) {}

    private final Path root;
    private final boolean anyDir;
    private final Path netrc;

    /** {@code netrc}: the daemon's {@code .netrc}, or null; a download's {@code no-netrc=false} turns it back on. */
    Options(Path root, boolean anyDir, Path netrc) {
        this.root = root.toAbsolutePath().normalize();
        this.anyDir = anyDir;
        this.netrc = netrc;
    }

    /**
     * Option values as aria2 takes them over RPC: strings; {@code header} also as a list (of which the
     * strings count). {@code null}, a struct, or a list for an option of one value is ignored, as aria2
     * ignores it. Unlike aria2, which ignores them too, numbers and booleans are taken as their text:
     * a client that sends {@code "split": 4} or {@code "pause": true} means it.
     */
    static Map<String, String> strings(Map<String, Object> given) {
        var out = new LinkedHashMap<String, String>();
        given.forEach((name, value) -> {
            var text = switch (value) {
                case String s -> s;
                case Long n -> n.toString();
                case Boolean b -> b.toString();
                case Double d -> d.toString();
                case List<?> list when name.equals("header") -> String.join("\n",
                        list.stream().filter(String.class::isInstance).map(String.class::cast).toList());
                case null, default -> null;
            };
            if (text != null) {
                out.put(name, text);
            }
        });
        return out;
    }

    /**
     * The download of {@code uris} with {@code options} over {@code base}; options this daemon does not
     * know are ignored, as aria2 ignores them.
     *
     * @throws RpcError "We encountered a problem while processing the option '--NAME'." for a bad value
     */
    Download apply(List<URI> uris, Settings base, Map<String, String> options) {
        var request = new DownloadRequest(uris.getFirst(), null, null, null, null, Map.of(), "rpc",
                uris.subList(1, uris.size()));
        var settings = base.toBuilder();
        int retries = base.retry().retries();
        Duration retryWait = base.retry().baseWait();
        var login = Login.of(base.credentials());
        for (var name : PER_DOWNLOAD) {
            var value = options.get(name);
            if (value == null) {
                continue;
            }
            try {
                switch (name) {
                    case "dir" -> request = inDir(request, settings, value);
                    case "out" -> request = value.isEmpty() ? request : request.withOutPath(value);
                    case "split" -> settings.splits(positive(value));
                    case "max-connection-per-server" -> settings.connectionsPerFile(positive(value));
                    case "min-split-size" -> settings.minSplitSize(ByteSize.parse(value));
                    case "continue" -> settings.resume(bool(value));
                    case "allow-overwrite" -> settings.overwrite(bool(value));
                    case "timeout" -> settings.idleTimeout(Duration.ofSeconds(positive(value)));
                    case "max-tries" -> {
                        int tries = atLeastZero(value);
                        retries = tries == 0 ? Integer.MAX_VALUE : tries - 1; // aria2: 0 = no limit
                    }
                    case "retry-wait" -> retryWait = Duration.ofSeconds(atLeastZero(value));
                    case "header" -> {
                        for (var line : value.lines().filter(l -> !l.isBlank()).toList()) {
                            request = header(request, line);
                        }
                    }
                    case "user-agent" -> request = request.withHeader("User-Agent", value);
                    case "checksum" -> request = request.withChecksum(Checksum.parse(value));
                    case "max-download-limit" -> settings.limitRate(speed(value));
                    case "conditional-get" -> settings.conditionalGet(bool(value));
                    case "remote-time" -> settings.remoteTime(bool(value));
                    case "lowest-speed-limit" -> settings.lowestSpeedLimit(speed(value));
                    case "no-netrc" -> settings.netrc(bool(value) ? null : netrc);
                    case "http-user" -> login = login.withUser(value);
                    case "http-passwd" -> login = login.withPassword(value);
                    case "referer" -> request = referer(request, value);
                    // Checked as aria2 checks it, but the queue's one HTTP client has the connect timeout:
                    // a client per download would cost a connection pool and a selector thread each.
                    case "connect-timeout" -> connectTimeout(value);
                    // A client of its own for this download (trust is the HTTP client's): see QueueTransports.
                    case "ca-certificate" -> settings.caCertificate(value.isEmpty() ? base.caCertificate() : authority(value));
                    default -> throw new IllegalStateException(name);
                }
            } catch (RuntimeException e) { // NumberFormatException, IllegalArgumentException, ByteSize's refusal
                // a header, a login or a referer may hold a secret: named, not quoted
                var shown = Set.of("header", "http-user", "http-passwd", "referer", "user-agent").contains(name)
                        ? name : name + "=" + value;
                throw bad(name).withDetail("bad option " + Printable.of(shown)
                        + (e.getMessage() == null || e instanceof NumberFormatException ? "" : ": " + e.getMessage()));
            }
        }
        if (!staysInside(request.dir())) {
            throw bad(options.containsKey("dir") ? "dir" : "out");
        }
        settings.retry(new RetryPolicy(retries, retryWait, base.retry().maxWait()));
        settings.credentials(login.credentials());
        return new Download(request, settings.build());
    }

    /**
     * Whether {@code -d}/{@code relative}, as far as it exists, stays inside {@code -d} with symbolic links
     * followed: a link in the download directory (to a home directory, say) must not lead an RPC client's
     * {@code dir} or {@code out} outside it. {@code -d} itself may be a link. Checked when the download is
     * added or changed; a link put in its way later, by someone who may write in {@code -d}, is not seen.
     */
    private boolean staysInside(Path relative) {
        if (anyDir || relative == null) {
            return true;
        }
        var at = root.resolve(relative).normalize();
        while (!at.equals(root) && !Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
            at = at.getParent();
        }
        if (at.equals(root)) {
            return true;
        }
        try {
            return at.toRealPath().startsWith(root.toRealPath());
        } catch (java.io.IOException e) { // a dangling link: nothing can be made through it
            return false;
        }
    }

    /** A speed limit in bytes per second: a size ({@code 500K}, {@code 1M}) or 0 for none, as aria2 takes it. */
    static long speed(String value) {
        return value.strip().equals("0") ? 0 : ByteSize.parse(value.strip());
    }

    /** {@code dir}: relative to {@code -d}, or absolute inside it (anywhere with {@code --rpc-allow-any-dir}). */
    private DownloadRequest inDir(DownloadRequest request, Settings.Builder settings, String value) {
        var path = Path.of(value);
        var absolute = (path.isAbsolute() ? path : root.resolve(path)).normalize();
        settings.outputDir(root);
        if (absolute.startsWith(root)) {
            // each segment made a safe name, as -i's dir= is: no control characters (a newline or an
            // escape sequence would reach the terminal in the daemon's 'done' line), no ':'
            var relative = OutPath.directory(root.relativize(absolute).toString());
            return relative == null ? request : new DownloadRequest(request.uri(), null, relative,
                    null, null, request.headers(), request.source(), request.mirrors());
        }
        if (!anyDir) {
            throw new IllegalArgumentException("outside the download directory " + root
                    + " (-d; --rpc-allow-any-dir allows any)");
        }
        settings.outputDir(absolute);
        return request;
    }

    /** aria2's {@code referer}: {@code *} for the download's own URI, empty for none. */
    private static DownloadRequest referer(DownloadRequest request, String value) {
        var uri = request.uri();
        if (value.equals("*")) {
            return request.withHeader("Referer", JdkTransport.withoutUserInfo(uri).toString());
        }
        return value.isEmpty() ? request.withoutHeader("Referer") : request.withHeader("Referer", value);
    }

    /** A {@code ca-certificate} file, read now: a missing or malformed one is refused at once, not at its first request. */
    private static Path authority(String value) {
        var file = Path.of(value).toAbsolutePath().normalize();
        TlsMaterial.load(file, null, null, false);
        return file;
    }

    /** aria2's range for {@code connect-timeout}: 1 to 600 seconds. */
    private static void connectTimeout(String value) {
        int seconds = positive(value);
        if (seconds > 600) {
            throw new IllegalArgumentException();
        }
    }

    /** A {@code header} line added to the request: a name given twice sends both values, as aria2 does. */
    private static DownloadRequest header(DownloadRequest request, String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not a header: " + line);
        }
        return request.withHeaderAdded(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
    }

    /** {@code options} without the {@link #SECRET} ones: what {@code getOption} and {@code getGlobalOption} answer. */
    static Map<String, String> shown(Map<String, String> options) {
        var out = new LinkedHashMap<>(options);
        out.keySet().removeAll(SECRET);
        return out;
    }

    /**
     * A download's options as aria2 lists them: every one this daemon supports, as strings, the
     * password included (see {@link #shown}).
     */
    Map<String, String> describe(DownloadRequest request, Settings settings) {
        var out = new LinkedHashMap<String, String>();
        var dir = request.dir() == null ? settings.outputDir() : settings.outputDir().resolve(request.dir());
        out.put("dir", dir.toAbsolutePath().normalize().toString());
        if (request.outName() != null) {
            out.put("out", request.outName());
        }
        out.put("split", Integer.toString(settings.effectiveSplits()));
        out.put("max-connection-per-server", Integer.toString(settings.connectionsPerFile()));
        out.put("min-split-size", Long.toString(settings.minSplitSize()));
        out.put("continue", Boolean.toString(settings.resume()));
        out.put("allow-overwrite", Boolean.toString(settings.overwrite()));
        out.put("timeout", Long.toString(settings.idleTimeout().toSeconds()));
        int retries = settings.retry().retries();
        out.put("max-tries", retries == Integer.MAX_VALUE ? "0" : Integer.toString(retries + 1));
        out.put("retry-wait", Long.toString(settings.retry().baseWait().toSeconds()));
        var headers = new StringBuilder();
        new java.util.TreeMap<>(request.headers()).forEach((name, value) -> { // sorted: the request keeps no order
            if (!name.equalsIgnoreCase("User-Agent") && !name.equalsIgnoreCase("Referer")) {
                headers.append(headers.isEmpty() ? "" : "\n").append(name).append(": ").append(value);
            }
        });
        if (!headers.isEmpty()) {
            out.put("header", headers.toString());
        }
        out.put("user-agent", userAgent(request, settings));
        out.put("max-download-limit", Long.toString(settings.limitRate()));
        if (request.checksum() != null) {
            var c = request.checksum();
            out.put("checksum", c.algorithm().toLowerCase(Locale.ROOT) + "=" + c.hex());
        }
        out.put("conditional-get", Boolean.toString(settings.conditionalGet()));
        out.put("remote-time", Boolean.toString(settings.remoteTime()));
        out.put("lowest-speed-limit", Long.toString(settings.lowestSpeedLimit()));
        out.put("no-netrc", Boolean.toString(netrc != null && settings.netrc() == null));
        out.put("connect-timeout", Long.toString(settings.connectTimeout().toSeconds()));
        if (settings.caCertificate() != null) {
            out.put("ca-certificate", settings.caCertificate().toAbsolutePath().toString());
        }
        request.headers().forEach((name, value) -> {
            if (name.equalsIgnoreCase("Referer")) {
                out.put("referer", value);
            }
        });
        var login = Login.of(settings.credentials());
        if (login.user() != null) { // aria2 lists them once set
            out.put("http-user", login.user());
            out.put("http-passwd", login.password());
        }
        return out;
    }

    private static String userAgent(DownloadRequest request, Settings settings) {
        for (var headers : List.of(request.headers(), settings.headers())) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase("User-Agent")) {
                    return e.getValue();
                }
            }
        }
        return "loomget/" + Version.NUMBER;
    }

    private static int positive(String value) {
        int n = Integer.parseInt(value.strip());
        if (n < 1) {
            throw new IllegalArgumentException();
        }
        return n;
    }

    private static int atLeastZero(String value) {
        int n = Integer.parseInt(value.strip());
        if (n < 0) {
            throw new IllegalArgumentException();
        }
        return n;
    }

    private static boolean bool(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException();
        };
    }

    static RpcError bad(String name) {
        return RpcError.of("We encountered a problem while processing the option '--" + name + "'.");
    }
}
