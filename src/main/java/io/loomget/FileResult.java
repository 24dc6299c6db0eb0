package io.loomget;

import java.nio.file.Path;
import java.time.Duration;

/** How one file ended. The summary and the exit code are computed from these values. */
public sealed interface FileResult {

    DownloadRequest request();

    Duration elapsed();

    /** The file is complete and verified under {@code path}. */
    record Downloaded(DownloadRequest request, Path path, long bytes, Duration elapsed, int connections)
            implements FileResult {}

    /** The server said the file does not exist (404, 410). */
    record NotFound(DownloadRequest request, int status, Duration elapsed) implements FileResult {}

    /** Anything else went wrong for good; {@code reason} is one line for the user. */
    record Failed(DownloadRequest request, String reason, Duration elapsed) implements FileResult {}

    /** The run was interrupted before this file finished. */
    record Cancelled(DownloadRequest request, Duration elapsed) implements FileResult {}
}
