package io.loomget;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a batch downloads; immutable. Build with {@link #builder()}; every field has the default the
 * README documents.
 *
 * @param filesAtOnce           {@code -j}: files downloading at the same time
 * @param connectionsPerFile    {@code -x}: ranges of one file in flight at once
 * @param splits                {@code -s}: ranges a file is first cut into (0 = same as connections)
 * @param minSplitSize          {@code -k}: no range planned smaller than this
 * @param maxConnectionsPerHost all connections to one host, over all files (0 = max(16, filesAtOnce))
 * @param idleTimeout           no bytes on a connection for this long fails that attempt
 * @param resume                {@code -c}: continue part files that earlier runs left
 * @param headers               {@code -H} and {@code -U}: sent with every request
 * @param proxy                 {@code --proxy}; null means the environment's {@code http_proxy} and friends
 * @param limitRate             {@code --limit-rate}: bytes per second over all connections, 0 = no limit
 * @param http2                 {@code --http2}: let the client negotiate HTTP/2
 * @param credentials           {@code --user user:password}, or null
 */
public record Settings(Path outputDir, int filesAtOnce, int connectionsPerFile, int splits, long minSplitSize,
                       int maxConnectionsPerHost, ThreadKind threads, RetryPolicy retry,
                       Duration connectTimeout, Duration idleTimeout, boolean overwrite, boolean resume,
                       Map<String, String> headers, String proxy, long limitRate, boolean http2,
                       String credentials) {

    public static final int DEFAULT_FILES_AT_ONCE = 5;
    public static final int DEFAULT_CONNECTIONS = 8;
    public static final long DEFAULT_MIN_SPLIT = 1L << 20;

    public Settings {
        if (filesAtOnce < 1 || connectionsPerFile < 1 || splits < 0 || minSplitSize < 1 || maxConnectionsPerHost < 0) {
            throw new IllegalArgumentException("counts and sizes must be positive");
        }
        headers = Map.copyOf(headers);
        if (limitRate < 0) {
            throw new IllegalArgumentException("limit rate must be >= 0");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public int effectiveSplits() {
        return splits == 0 ? connectionsPerFile : splits;
    }

    public int effectiveHostLimit() {
        return maxConnectionsPerHost == 0 ? Math.max(16, filesAtOnce) : maxConnectionsPerHost;
    }

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
        public Builder header(String name, String value) { this.headers.put(name, value); return this; }
        public Builder proxy(String p) { this.proxy = p; return this; }
        public Builder limitRate(long bytesPerSecond) { this.limitRate = bytesPerSecond; return this; }
        public Builder http2(boolean b) { this.http2 = b; return this; }
        public Builder credentials(String userColonPassword) { this.credentials = userColonPassword; return this; }

        public Settings build() {
            return new Settings(outputDir, filesAtOnce, connectionsPerFile, splits, minSplitSize,
                    maxConnectionsPerHost, threads, retry, connectTimeout, idleTimeout, overwrite, resume, headers, proxy,
                    limitRate, http2, credentials);
        }
    }
}
