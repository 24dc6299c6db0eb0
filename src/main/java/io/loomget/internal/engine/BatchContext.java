package io.loomget.internal.engine;

import io.loomget.DownloadListener;
import io.loomget.Settings;
import io.loomget.internal.http.Transport;
import io.loomget.internal.io.Storage;
import io.loomget.internal.io.TargetRegistry;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;

/**
 * What all files of a batch share: the HTTP transport, the storage, the limits, the names handed
 * out, the threads, the listener.
 */
record BatchContext(Settings settings, Transport transport, Storage storage, HostLimiter hosts, RateLimiter rate,
                    TargetRegistry targets, ThreadFactory threads, DownloadListener listener,
                    java.util.Set<Path> directories, Checkpoints checkpoints) {

    BatchContext(Settings settings, Transport transport, Storage storage, HostLimiter hosts, RateLimiter rate,
                 TargetRegistry targets, ThreadFactory threads, DownloadListener listener, Checkpoints checkpoints) {
        this(settings, transport, storage, hosts, rate, targets, threads, listener,
                java.util.concurrent.ConcurrentHashMap.newKeySet(), checkpoints);
    }

    /** {@code dir}, created once per batch rather than once per file. */
    Path directory(Path dir) throws java.io.IOException {
        var absolute = dir.toAbsolutePath().normalize();
        if (!directories.contains(absolute)) {
            java.nio.file.Files.createDirectories(absolute);
            directories.add(absolute);
        }
        return absolute;
    }
}
