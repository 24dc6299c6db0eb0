package io.loomget;

import io.loomget.internal.engine.Redaction;
import io.loomget.internal.http.EnvironmentProxies;
import io.loomget.internal.http.HeaderLine;
import io.loomget.internal.http.Netrc;
import io.loomget.internal.http.TlsMaterial;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a batch downloads; immutable and valid by construction. Build with {@link #builder()}: every
 * field has the default the README documents, and {@link Builder#build()} refuses values that cannot
 * work with an {@link IllegalArgumentException} that names the setting (a null {@code outputDir},
 * {@code threads} or {@code retry}: a {@link NullPointerException} that names it).
 *
 * <pre>{@code
 * Settings settings = Settings.builder().outputDir(Path.of("downloads")).filesAtOnce(8).build();
 * }</pre>
 *
 * @param outputDir             {@code -d}: where files are saved (created when the batch starts)
 * @param filesAtOnce           {@code -j}: files downloading at the same time
 * @param connectionsPerFile    {@code -x}: ranges of one file in flight at once, at most {@link #MAX_RANGES}
 * @param splits                {@code -s}: ranges a file is first cut into (0 = same as connections), at most
 *                              {@link #MAX_RANGES}
 * @param minSplitSize          {@code -k}: no range planned smaller than this
 * @param maxConnectionsPerHost all connections to one host, over all files (0 = max(16, filesAtOnce))
 * @param threads               {@code --threads}: virtual (the default) or platform threads for files and ranges
 * @param retry                 retries per range and per first request, and the backoff between them
 * @param connectTimeout        {@code --connect-timeout}: giving up on opening a connection
 * @param overwrite             {@code --overwrite}: replace an existing file instead of taking the next free name
 * @param idleTimeout           no bytes on a connection for this long fails that attempt
 * @param resume                {@code -c}: continue part files that earlier runs left
 * @param headers               {@code -H} and {@code -U}: sent with every request
 * @param proxy                 {@code --proxy}; null means the environment's {@code http_proxy} and friends
 * @param limitRate             {@code --limit-rate}: bytes per second over all connections, 0 = no limit
 * @param http2                 {@code --http2}: let the client negotiate HTTP/2
 * @param credentials           {@code --user user:password}, or null
 * @param netrc                 {@code --netrc-file}: a {@code .netrc} whose logins go to the hosts they name,
 *                              for URLs without credentials of their own and without {@code --user}; null for none
 * @param loadCookies           {@code --load-cookies}: a {@code cookies.txt} (Netscape format) to send from; null for none
 * @param saveCookies           {@code --save-cookies}: where the run's cookies are written at its end; null for none
 * @param conditionalGet        {@code --conditional-get} ({@code -N}): fetch a file that exists only when the server
 *                              has a newer one ({@code If-Modified-Since}, {@code If-None-Match}), then replace it;
 *                              sets the file's time from the server's, as {@code remoteTime}
 * @param remoteTime            {@code -R}: a file's modification time is the server's {@code Last-Modified}
 * @param lowestSpeedLimit      {@code --lowest-speed-limit}: a range that averages no more bytes per second than
 *                              this after 3 s counts as stalled (its rest is fetched again on a fresh connection);
 *                              0 for none
 * @param caCertificate         {@code --ca-certificate}: a PEM file of CA certificates trusted on top of the
 *                              JDK's own (its {@code cacerts}, or {@code javax.net.ssl.trustStore}), or null
 * @param certificate           {@code --certificate}: a PEM client certificate (then any intermediates) for
 *                              servers that ask for one, or null; its key in {@code privateKey}, or in this file
 * @param privateKey            {@code --private-key}: the client certificate's key, PEM, unencrypted PKCS#8
 *                              (RSA, EC, Ed25519, Ed448), or null
 * @param insecure              {@code --insecure}: accept any server certificate for any host name (no
 *                              protection against anyone on the path)
 * @param digest                the algorithm ({@code sha-256}, {@code sha-512}, {@code sha-1}, {@code md5}; kept in
 *                              {@link Checksum}'s spelling, {@code SHA-256}) of the digest each downloaded file's
 *                              result carries ({@link FileResult.Downloaded#digest()}), or null for none. A file
 *                              that comes as one stream from its first byte is hashed as it is written; any
 *                              other is read back once it is complete
 */
public record Settings(Path outputDir, int filesAtOnce, int connectionsPerFile, int splits, long minSplitSize,
                       int maxConnectionsPerHost, ThreadKind threads, RetryPolicy retry,
                       Duration connectTimeout, Duration idleTimeout, boolean overwrite, boolean resume,
                       Map<String, String> headers, String proxy, long limitRate, boolean http2,
                       String credentials, Path netrc, Path loadCookies, Path saveCookies,
                       boolean conditionalGet, boolean remoteTime,
                       Path caCertificate, Path certificate, Path privateKey, boolean insecure, long lowestSpeedLimit,
                       String digest) {

    public static final int DEFAULT_FILES_AT_ONCE = 5;
    public static final int DEFAULT_CONNECTIONS = 8;
    public static final long DEFAULT_MIN_SPLIT = 1L << 20;
    /**
     * The most ranges a file may be cut into or fetched over at once ({@code -s}, {@code -x}, a
     * request's connections): each planned range is held in memory, and with a small
     * {@code minSplitSize} more would not fit the heap (2³¹ of them threw {@link OutOfMemoryError}).
     */
    public static final int MAX_RANGES = 1 << 16;

    /**
     * Checks every field: a value that cannot work is refused here, with a message that names the
     * setting (and its command-line option), rather than failing later in the middle of a download.
     *
     * @throws IllegalArgumentException naming the first setting that is out of range or malformed
     */
    public Settings {
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(threads, "threads");
        Objects.requireNonNull(retry, "retry");
        atLeast("filesAtOnce (-j)", filesAtOnce, 1);
        atLeast("connectionsPerFile (-x)", connectionsPerFile, 1);
        atMost("connectionsPerFile (-x)", connectionsPerFile, MAX_RANGES);
        atLeast("splits (-s)", splits, 0);
        atMost("splits (-s)", splits, MAX_RANGES);
        atLeast("minSplitSize (-k)", minSplitSize, 1);
        atLeast("maxConnectionsPerHost (--max-connections-per-host)", maxConnectionsPerHost, 0);
        atLeast("limitRate (--limit-rate)", limitRate, 0);
        atLeast("lowestSpeedLimit (--lowest-speed-limit)", lowestSpeedLimit, 0);
        positive("connectTimeout (--connect-timeout)", connectTimeout);
        positive("idleTimeout (--timeout)", idleTimeout);
        if (digest != null) {
            digest = Checksum.canonical(digest, "digest");
        }
        headers = Map.copyOf(headers);
        headers.forEach(HeaderLine::check);
        if (proxy != null) {
            try {
                EnvironmentProxies.from(proxy, Map.of());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("proxy (--proxy): " + e.getMessage(), e);
            }
        }
        if (credentials != null && credentials.indexOf(':') < 0) {
            throw new IllegalArgumentException("credentials (--user) must be USER:PASSWORD");
        }
        TlsMaterial.load(caCertificate, certificate, privateKey, insecure); // read now: a bad file is a usage error
        if (netrc != null) {
            try {
                Netrc.read(netrc);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("netrc (--netrc-file): cannot read " + netrc + ": "
                        + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("netrc (--netrc-file): " + e.getMessage(), e);
            }
        }
        if (loadCookies != null && !java.nio.file.Files.isReadable(loadCookies)) {
            throw new IllegalArgumentException("loadCookies (--load-cookies): cannot read " + loadCookies
                    + (java.nio.file.Files.exists(loadCookies) ? ": permission denied" : ": no such file (a cookies.txt file is expected)"));
        }
        if (saveCookies != null && saveCookies.toAbsolutePath().getParent() == null) {
            throw new IllegalArgumentException("saveCookies (--save-cookies) must name a file, got " + saveCookies);
        }
        if (saveCookies != null && !java.nio.file.Files.isDirectory(saveCookies.toAbsolutePath().getParent())) {
            throw new IllegalArgumentException("saveCookies (--save-cookies): no directory " + saveCookies.toAbsolutePath().getParent());
        }
    }

    /**
     * {@code ~/.netrc} as curl, wget and aria2 find it: in {@code $HOME} when set (a container's or a
     * CI job's home often is not the account's), else in the account's home. It may not exist.
     */
    public static Path homeNetrc() {
        var home = System.getenv("HOME");
        return Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home, ".netrc");
    }

    /**
     * The lines of a {@code cookies.txt} that would be skipped, each {@code FILE:N: reason}: the
     * command line shows them before it starts.
     *
     * @throws java.io.IOException when the file cannot be read
     */
    public static List<String> cookieFileProblems(Path file) throws java.io.IOException {
        return io.loomget.internal.http.CookieFile.read(file).problems();
    }

    private static void atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
        }
    }

    static void atMost(String name, long value, long max) {
        if (value > max) {
            throw new IllegalArgumentException(name + " must be at most " + max + ", got " + value);
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be more than 0 seconds, got "
                    + (value == null ? "none" : value.toMillis() / 1000.0 + " s"));
        }
        if (!countable(value)) { // ChronoUnit.FOREVER, say: every download would fail with "long overflow"
            throw new IllegalArgumentException(name + " is too long to count in milliseconds, got " + value);
        }
        if (value.toMillis() == 0) { // counted as 0 ms: every attempt would time out at once, as "connect timed out"
            throw new IllegalArgumentException(name + " must be at least 1 ms (timeouts are counted in milliseconds), got " + value);
        }
    }

    /** Whether {@code value} can be counted in milliseconds, as the engine and the JDK's client count it. */
    static boolean countable(Duration value) {
        try {
            value.toMillis();
            return true;
        } catch (ArithmeticException tooLong) {
            return false;
        }
    }

    /** As a record shows itself, with the password of {@code --user}, the proxy's and secret headers hidden: it ends up in logs. */
    @Override
    public String toString() {
        return "Settings[outputDir=" + outputDir + ", filesAtOnce=" + filesAtOnce + ", connectionsPerFile=" + connectionsPerFile
                + ", splits=" + splits + ", minSplitSize=" + minSplitSize + ", maxConnectionsPerHost=" + maxConnectionsPerHost
                + ", threads=" + threads + ", retry=" + retry + ", connectTimeout=" + connectTimeout + ", idleTimeout=" + idleTimeout
                + ", overwrite=" + overwrite + ", resume=" + resume + ", headers=" + Redaction.redact(headers)
                + ", proxy=" + Redaction.redactText(proxy) + ", limitRate=" + limitRate + ", http2=" + http2
                + ", credentials=" + (credentials == null ? null : credentials.substring(0, credentials.indexOf(':') + 1) + "***")
                + ", netrc=" + netrc + ", loadCookies=" + loadCookies + ", saveCookies=" + saveCookies
                + ", conditionalGet=" + conditionalGet + ", remoteTime=" + remoteTime + ", caCertificate=" + caCertificate
                + ", certificate=" + certificate + ", privateKey=" + privateKey + ", insecure=" + insecure
                + ", lowestSpeedLimit=" + lowestSpeedLimit + ", digest=" + digest + "]";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these settings: how a download's own options are laid over a queue's. */
    public Builder toBuilder() {
        var builder = new Builder()
                .outputDir(outputDir).filesAtOnce(filesAtOnce).connectionsPerFile(connectionsPerFile).splits(splits)
                .minSplitSize(minSplitSize).maxConnectionsPerHost(maxConnectionsPerHost).threads(threads).retry(retry)
                .connectTimeout(connectTimeout).idleTimeout(idleTimeout).overwrite(overwrite).resume(resume)
                .proxy(proxy).limitRate(limitRate).http2(http2).credentials(credentials).netrc(netrc)
                .loadCookies(loadCookies).saveCookies(saveCookies)
                .conditionalGet(conditionalGet).remoteTime(remoteTime)
                .caCertificate(caCertificate).certificate(certificate).privateKey(privateKey).insecure(insecure)
                .lowestSpeedLimit(lowestSpeedLimit).digest(digest);
        headers.forEach(builder::header);
        return builder;
    }

    public int effectiveSplits() {
        return splits == 0 ? connectionsPerFile : splits;
    }

    public int effectiveHostLimit() {
        return maxConnectionsPerHost == 0 ? Math.max(16, filesAtOnce) : maxConnectionsPerHost;
    }

    /** Mutable and not thread-safe; every setting starts at its documented default. */
    public static final class Builder {
        private Path outputDir = Path.of(".");
        private int filesAtOnce = DEFAULT_FILES_AT_ONCE;
        private int connectionsPerFile = DEFAULT_CONNECTIONS;
        private int splits;
        private long minSplitSize = DEFAULT_MIN_SPLIT;
        private int maxConnectionsPerHost;
        private ThreadKind threads = ThreadKind.VIRTUAL;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private boolean overwrite;
        private boolean resume;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String proxy;
        private long limitRate;
        private boolean http2;
        private String credentials;
        private Path netrc;
        private Path loadCookies;
        private Path saveCookies;
        private boolean conditionalGet;
        private boolean remoteTime;
        private Path caCertificate;
        private Path certificate;
        private Path privateKey;
        private boolean insecure;
        private long lowestSpeedLimit;
        private String digest;

        private Builder() {}

        public Builder outputDir(Path dir) { this.outputDir = dir; return this; }
        public Builder filesAtOnce(int n) { this.filesAtOnce = n; return this; }
        public Builder connectionsPerFile(int n) { this.connectionsPerFile = n; return this; }
        public Builder splits(int n) { this.splits = n; return this; }
        public Builder minSplitSize(long bytes) { this.minSplitSize = bytes; return this; }
        public Builder maxConnectionsPerHost(int n) { this.maxConnectionsPerHost = n; return this; }
        public Builder threads(ThreadKind kind) { this.threads = kind; return this; }
        public Builder retry(RetryPolicy policy) { this.retry = policy; return this; }
        public Builder connectTimeout(Duration d) { this.connectTimeout = d; return this; }
        public Builder idleTimeout(Duration d) { this.idleTimeout = d; return this; }
        public Builder overwrite(boolean b) { this.overwrite = b; return this; }
        public Builder resume(boolean b) { this.resume = b; return this; }
        public Builder header(String name, String value) {
            this.headers.put(Objects.requireNonNull(name, "header name"), Objects.requireNonNull(value, "value of header " + name));
            return this;
        }

        /**
         * A header as a user writes it, {@code Name: value} (curl's {@code -H}, an input file's
         * {@code header=} line). A name given twice sends both values, comma-joined
         * ({@code ;} for {@code Cookie}); {@link #header} replaces instead.
         *
         * @throws IllegalArgumentException when it is not {@code Name: value} or the header cannot be sent
         */
        public Builder headerLine(String line) {
            HeaderLine.parse(Objects.requireNonNull(line, "header line")).addTo(headers);
            return this;
        }
        public Builder proxy(String p) { this.proxy = p; return this; }
        public Builder limitRate(long bytesPerSecond) { this.limitRate = bytesPerSecond; return this; }
        public Builder http2(boolean b) { this.http2 = b; return this; }
        public Builder credentials(String userColonPassword) { this.credentials = userColonPassword; return this; }
        public Builder netrc(Path file) { this.netrc = file; return this; }
        public Builder loadCookies(Path file) { this.loadCookies = file; return this; }
        public Builder saveCookies(Path file) { this.saveCookies = file; return this; }
        public Builder conditionalGet(boolean b) { this.conditionalGet = b; return this; }
        public Builder remoteTime(boolean b) { this.remoteTime = b; return this; }
        public Builder caCertificate(Path pemFile) { this.caCertificate = pemFile; return this; }
        public Builder certificate(Path pemFile) { this.certificate = pemFile; return this; }
        public Builder privateKey(Path pemFile) { this.privateKey = pemFile; return this; }
        public Builder insecure(boolean b) { this.insecure = b; return this; }
        public Builder lowestSpeedLimit(long bytesPerSecond) { this.lowestSpeedLimit = bytesPerSecond; return this; }
        /** {@code sha-256} and the like: each downloaded file's result carries its digest; null for none. */
        public Builder digest(String algorithm) { this.digest = algorithm; return this; }

        /**
         * The settings, checked.
         *
         * @throws IllegalArgumentException naming the first setting that is out of range or malformed
         */
        public Settings build() {
            return new Settings(outputDir, filesAtOnce, connectionsPerFile, splits, minSplitSize,
                    maxConnectionsPerHost, threads, retry, connectTimeout, idleTimeout, overwrite, resume, headers, proxy,
                    limitRate, http2, credentials, netrc, loadCookies, saveCookies,
                    conditionalGet, remoteTime, caCertificate, certificate, privateKey, insecure,
                    lowestSpeedLimit, digest);
        }
    }
}
