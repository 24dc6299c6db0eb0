package io.loomget;

import java.nio.file.Path;
import java.time.Duration;

/** How one file ended. The summary and the exit code are computed from these values. */
public sealed interface FileResult {

    DownloadRequest request();

    Duration elapsed();

    /**
     * The file is complete and verified under {@code path}: {@code bytes} long, of which {@code reused}
     * were already on disk in the part file an earlier run left ({@code -c}) and the rest came in this run;
     * {@code digest}: its digest in the algorithm {@link Settings#digest()} names, or null when that is none.
     */
    record Downloaded(DownloadRequest request, Path path, long bytes, Duration elapsed, int connections, long reused,
                      Checksum digest) implements FileResult {

        public Downloaded(DownloadRequest request, Path path, long bytes, Duration elapsed, int connections, long reused) {
            this(request, path, bytes, elapsed, connections, reused, null);
        }

        public Downloaded(DownloadRequest request, Path path, long bytes, Duration elapsed, int connections) {
            this(request, path, bytes, elapsed, connections, 0);
        }

        /** Bytes that came over the network in this run. */
        public long fetched() {
            return bytes - reused;
        }
    }

    /**
     * With {@link Settings#resume()}: {@code path} already holds this file complete, so nothing was
     * downloaded and the file was left as it is. Complete means: the record loomget kept when it
     * committed the file (URL, size, validator, modification time) matches the server and the file,
     * or, without such a record, the file's size is the server's. With {@link Settings#conditionalGet()}
     * it is {@code upToDate}: the server said so itself (304 Not Modified), or, with resume as well, the
     * record names the server's current version (its validator; a size alone is not enough there).
     */
    record AlreadyComplete(DownloadRequest request, Path path, long bytes, Duration elapsed, boolean upToDate)
            implements FileResult {

        public AlreadyComplete(DownloadRequest request, Path path, long bytes, Duration elapsed) {
            this(request, path, bytes, elapsed, false);
        }
    }

    /** The server said the file does not exist (404, 410). */
    record NotFound(DownloadRequest request, int status, Duration elapsed) implements FileResult {}

    /**
     * Anything else went wrong for good: {@code reason} is one line for the user, {@code kind} what it was
     * as a type (see {@link FailureReason}); {@code fetched} bytes had come over the network for it in this
     * run before it failed.
     */
    record Failed(DownloadRequest request, String reason, Duration elapsed, FailureReason kind, long fetched)
            implements FileResult {

        public Failed {
            java.util.Objects.requireNonNull(kind, "kind");
        }

        public Failed(DownloadRequest request, String reason, Duration elapsed, FailureReason kind) {
            this(request, reason, elapsed, kind, 0);
        }

        /** A failure of no particular {@linkplain FailureReason.Kind#UNKNOWN kind}: the message says what. */
        public Failed(DownloadRequest request, String reason, Duration elapsed) {
            this(request, reason, elapsed, FailureReason.Kind.UNKNOWN);
        }
    }

    /**
     * The run was interrupted before this file finished; {@code fetched} bytes had come over the network
     * for it in this run (with a part file kept, {@code -c} continues from them).
     */
    record Cancelled(DownloadRequest request, Duration elapsed, long fetched) implements FileResult {

        public Cancelled(DownloadRequest request, Duration elapsed) {
            this(request, elapsed, 0);
        }
    }
}
