package io.loomget.events;

import io.loomget.engine.DownloadRequest;
import io.loomget.engine.FileResult;
import java.time.Duration;

/** What the engine tells its listeners; renderers (terminal, plain log, JSON) subscribe to these. */
public sealed interface DownloadEvent {

    /** The file's name and size are known and its bytes start to flow. */
    record FileStarted(FileProgress file) implements DownloadEvent {}

    /** An attempt at a range failed and will be retried after {@code delay}. */
    record RangeRetried(FileProgress file, long offset, int attempt, String reason, Duration delay)
            implements DownloadEvent {}

    /**
     * The file's first request (the probe) failed and will be sent again after {@code delay}; the
     * file counts as active from here on.
     */
    record ProbeRetried(DownloadRequest request, int attempt, String reason, Duration delay) implements DownloadEvent {}

    /** The server would not split this file after all; it is fetched again as one stream. */
    record SingleStreamFallback(FileProgress file, String reason) implements DownloadEvent {}

    /** Something the user should know that is not an error, e.g. a resume or why one was refused. */
    record Notice(DownloadRequest request, String message) implements DownloadEvent {}

    /** The file ended, one way or another. */
    record FileFinished(FileResult result) implements DownloadEvent {}

    /** A request could not even start (e.g. its name could not be chosen). */
    record Rejected(DownloadRequest request, String reason) implements DownloadEvent {}
}
