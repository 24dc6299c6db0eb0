package io.loomget.internal.engine;

import io.loomget.DownloadListener;
import io.loomget.Settings;
import io.loomget.internal.http.Transport;
import io.loomget.internal.io.Storage;
import io.loomget.internal.io.TargetRegistry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

/**
 * What all files of a batch share: the HTTP transport, the storage, the limits, the names handed
 * out, the threads, the listener.
 */
record BatchContext(Settings settings, Transport transport, Storage storage, HostLimiter hosts, RateLimiter rate,
                    TargetRegistry targets, ThreadFactory threads, DownloadListener listener,
                    Map<Path, Boolean> directories, Checkpoints checkpoints) {

    /** Directories remembered as created; a list naming more (dir= lines) creates the others again, harmlessly. */
    static final int DIRECTORIES_REMEMBERED = 64;

    BatchContext(Settings settings, Transport transport, Storage storage, HostLimiter hosts, RateLimiter rate,
                 TargetRegistry targets, ThreadFactory threads, DownloadListener listener, Checkpoints checkpoints) {
        this(settings, transport, storage, hosts, rate, targets, threads, listener, recentlyUsed(), checkpoints);
    }

    /** {@code dir}, created once per batch rather than once per file. */
    Path directory(Path dir) throws java.io.IOException {
        var absolute = dir.toAbsolutePath().normalize();
        synchronized (directories) {
            if (directories.get(absolute) != null) {
                return absolute;
            }
        }
        java.nio.file.Files.createDirectories(absolute);
        synchronized (directories) {
            directories.put(absolute, Boolean.TRUE);
        }
        return absolute;
    }

    /** The most recently used directories, {@link #DIRECTORIES_REMEMBERED} at most: memory does not grow with the list. */
    private static Map<Path, Boolean> recentlyUsed() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, Boolean> eldest) {
                return size() > DIRECTORIES_REMEMBERED;
            }
        };
    }
}
