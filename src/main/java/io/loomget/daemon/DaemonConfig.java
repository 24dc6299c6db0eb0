package io.loomget.daemon;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The daemon's own settings, checked: where it listens, who may call it, where its session goes.
 *
 * @param port                {@code --rpc-listen-port}, 0 for any free port
 * @param secret              the RPC secret, or null for none
 * @param listenAll           {@code --rpc-listen-all}: every IPv4 interface instead of the loopbacks (needs a secret)
 * @param allowOriginAll      {@code --rpc-allow-origin-all}: web pages of any origin may call it
 * @param maxRequestSize      {@code --rpc-max-request-size}: largest HTTP body or WebSocket message
 * @param allowAnyDir         {@code --rpc-allow-any-dir}: {@code dir} over RPC may be outside {@code -d}
 * @param saveSession         {@code --save-session}, or null
 * @param saveSessionInterval {@code --save-session-interval}; zero saves only on shutdown and on request
 * @param memoryBudget        heap all requests being answered may hold at once ({@link MemoryBudget})
 */
record DaemonConfig(int port, String secret, boolean listenAll, boolean allowOriginAll, long maxRequestSize,
                    boolean allowAnyDir, Path saveSession, Duration saveSessionInterval, long memoryBudget) {

    /** With the default budget: a quarter of the heap, and room for a few requests of the largest size allowed. */
    DaemonConfig(int port, String secret, boolean listenAll, boolean allowOriginAll, long maxRequestSize,
                 boolean allowAnyDir, Path saveSession, Duration saveSessionInterval) {
        this(port, secret, listenAll, allowOriginAll, maxRequestSize, allowAnyDir, saveSession, saveSessionInterval,
                Math.max(MemoryBudget.defaultBytes(), 4 * Math.min(maxRequestSize, Long.MAX_VALUE / 8)));
    }

    /** @throws IllegalArgumentException for a combination that cannot be run (a usage error) */
    DaemonConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--rpc-listen-port must be 0 to 65535, got " + port);
        }
        if (secret != null && secret.isEmpty()) {
            secret = null;
        }
        if (listenAll && secret == null) {
            throw new IllegalArgumentException("--rpc-listen-all needs a secret "
                    + "(--rpc-secret, --rpc-secret-file or LOOMGET_RPC_SECRET): anyone on the network could drive it");
        }
        if (maxRequestSize < 1) {
            throw new IllegalArgumentException("--rpc-max-request-size must be at least 1 byte");
        }
        if (memoryBudget < 1024) {
            throw new IllegalArgumentException("the memory budget must be at least 1 KiB");
        }
        if (saveSessionInterval.isNegative()) {
            throw new IllegalArgumentException("--save-session-interval must be 0 or more seconds");
        }
    }
}
