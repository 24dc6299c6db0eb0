package io.loomget;

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

    /**
     * A host asked to be left alone ({@code 429}/{@code 503} with {@code Retry-After}): no new connection
     * to it, for any file, starts for {@code pause}.
     *
     * @param host   {@code scheme://host:port}
     * @param reason the answer that asked for the pause, in words
     */
    record HostPaused(String host, Duration pause, String reason) implements DownloadEvent {}

    /**
     * The file ended, one way or another. A request an interrupted run never started gets no event: it
     * is only among the run's results, as {@link FileResult.Cancelled}.
     */
    record FileFinished(FileResult result) implements DownloadEvent {}

    /**
     * An input that never became a download: a bad URL, an input-file entry with a bad option line.
     *
     * @param source where it was given, e.g. {@code links.txt:3} or {@code argument}
     * @param url    the URL as given (credentials hidden when it could be parsed), or null when there is none
     * @param reason one line for the user
     */
    record Rejected(String source, String url, String reason) implements DownloadEvent {}
}
