package io.loomget.internal.engine;

import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.Settings;
import io.loomget.internal.http.Netrc;
import io.loomget.internal.http.Transport;
import io.loomget.internal.io.Storage;
import io.loomget.internal.io.TargetRegistry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

/**
 * What all files of a batch share: the HTTP transport, the storage, the limits, the names handed
 * out, the threads, the listener, the {@code .netrc} logins; and when the batch started: a part file
 * changed since is no earlier run's leftover (see {@link Resumption}).
 */
record BatchContext(Settings settings, Transport transport, Storage storage, HostLimiter hosts, RateLimiter rate,
                    TargetRegistry targets, ThreadFactory threads, DownloadListener listener,
                    Map<Path, Boolean> directories, Checkpoints checkpoints, Netrc netrc, java.time.Instant started) {

    /** Directories remembered as created; a list naming more (dir= lines) creates the others again, harmlessly. */
    static final int DIRECTORIES_REMEMBERED = 64;

    BatchContext(Settings settings, Transport transport, Storage storage, HostLimiter hosts, RateLimiter rate,
                 TargetRegistry targets, ThreadFactory threads, DownloadListener listener, Checkpoints checkpoints,
                 Netrc netrc) {
        // With --user the transport sends it to every first origin: no .netrc login is put in the URLs.
        this(settings, transport, storage, hosts, rate, targets, threads, listener, recentlyUsed(), checkpoints,
                settings.credentials() != null ? Netrc.NONE : netrc, java.time.Instant.now());
    }

    /**
     * The same shared parts for one file of a queue, with its own settings and listener: a queue's
     * download brings its own options (connections, splits, directory, resume, overwrite), its own speed
     * limit ({@code fileRate}, made by {@link #fileRate}, changeable while it runs) and its own logins
     * (see {@link #logins}), and the queue follows its events. Settings of the HTTP client (timeouts,
     * proxy, headers) stay the transport's: {@code fileTransport}, the batch's or one trusting the
     * download's own CA file.
     */
    BatchContext forFile(Settings fileSettings, DownloadListener fileListener, RateLimiter fileRate, Transport fileTransport) {
        return new BatchContext(fileSettings, fileTransport, storage, hosts, fileRate, targets.withOverwrite(fileSettings.overwrite()),
                threads, fileListener, directories, checkpoints, logins(fileSettings), started);
    }

    /** A speed limit of one file's own, {@code bytesPerSecond} (0: none), within the batch's. */
    RateLimiter fileRate(long bytesPerSecond) {
        return new RateLimiter(bytesPerSecond, rate);
    }

    /**
     * Who a queue's download is at each host. Credentials of its own (aria2's {@code http-user} and
     * {@code http-passwd}) go in its URLs like a {@code .netrc} login, so that they win over the
     * transport's {@code --user} and follow the rules for credentials in a URL; without a {@code .netrc}
     * of its own ({@code no-netrc}) it gets none. The file is the batch's, read once: a download can only
     * turn it off.
     */
    private Netrc logins(Settings file) {
        if (file.credentials() != null) {
            return file.credentials().equals(settings.credentials()) ? Netrc.NONE : Netrc.everyHost(file.credentials());
        }
        return file.netrc() == null ? Netrc.NONE : netrc;
    }

    /**
     * {@code request} with the login of each URL's host ({@code .netrc}, or the download's own), unless
     * the URL itself already says who to be: then the rules for credentials in a URL carry it.
     */
    DownloadRequest withLogins(DownloadRequest request) {
        if (netrc == Netrc.NONE) {
            return request;
        }
        return new DownloadRequest(netrc.withLogin(request.uri()), request.outName(), request.dir(), request.checksum(),
                request.connections(), request.headers(), request.source(),
                request.mirrors().stream().map(netrc::withLogin).toList());
    }

    /**
     * {@code sub} (null for none) below the output directory {@code base}, created once per batch rather
     * than once per file. The directories below {@code base} are created or found one by one, never
     * through a link: one put in the output directory under a {@code dir=} or {@code out=} name would
     * send the file wherever it points, outside the output directory. ({@code base} itself is the
     * user's to choose, link or not.)
     */
    Path directory(Path base, Path sub) throws java.io.IOException {
        var absolute = (sub == null ? base : base.resolve(sub)).toAbsolutePath().normalize();
        synchronized (directories) {
            if (directories.get(absolute) != null) {
                return absolute;
            }
        }
        var dir = base.toAbsolutePath().normalize();
        java.nio.file.Files.createDirectories(dir);
        if (sub != null) {
            for (var segment : sub) {
                dir = dir.resolve(segment);
                try {
                    java.nio.file.Files.createDirectory(dir);
                } catch (java.nio.file.FileAlreadyExistsException exists) {
                    if (java.nio.file.Files.isSymbolicLink(dir)) {
                        throw new java.nio.file.FileSystemException(dir.toString(), null,
                                "a link, not a directory of the output directory; loomget does not follow it");
                    }
                    if (!java.nio.file.Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        throw exists; // a file in the way
                    }
                }
            }
        }
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
