package io.loomget;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of one download of a {@link DownloadQueue}: what it is, where it stands, how it ended.
 *
 * @param gid         its id in the queue (aria2 shows it as 16 hex digits)
 * @param state       where it stands
 * @param request     what is downloaded (URL, mirrors, name and directory asked for, headers, checksum)
 * @param settings    how: the queue's settings with this download's own options
 * @param target      the file it is saved as, once known (the name is chosen by the first answer); else null
 * @param size        total bytes, or -1 while unknown
 * @param done        bytes on disk (from this run and from earlier ones)
 * @param speed       bytes per second over the last second or so; 0 when not active
 * @param connections connections open for it right now
 * @param runs        the byte runs {@code [start, end)} on disk, sorted and merged, while it is active or paused
 *                    with a part file; empty otherwise (a complete file is one run of {@code size})
 * @param result      how it ended, once it has; else null
 * @param servers     while it is active, one per connection with an answer streaming: where it fetches from
 */
public record DownloadStatus(long gid, State state, DownloadRequest request, Settings settings, Path target,
                             long size, long done, long speed, int connections, List<Run> runs, FileResult result,
                             List<Server> servers) {

    public DownloadStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(settings, "settings");
        runs = List.copyOf(runs);
        servers = List.copyOf(servers);
    }

    /** A snapshot without servers (none in use). */
    public DownloadStatus(long gid, State state, DownloadRequest request, Settings settings, Path target,
                          long size, long done, long speed, int connections, List<Run> runs, FileResult result) {
        this(gid, state, request, settings, target, size, done, speed, connections, runs, result, List.of());
    }

    /**
     * A connection fetching the file now.
     *
     * @param uri        the download's URL or the mirror it fetches, as given ({@link DownloadRequest#uri()}
     *                   or one of {@link DownloadRequest#mirrors()})
     * @param currentUri where its requests land: {@code uri}, or after a redirect the URL it led to
     * @param speed      bytes per second over this connection since it opened
     */
    public record Server(java.net.URI uri, java.net.URI currentUri, long speed) {}

    /** aria2's status words: {@code active}, {@code waiting}, {@code paused}, {@code complete}, {@code error}, {@code removed}. */
    public enum State {
        ACTIVE, WAITING, PAUSED, COMPLETE, ERROR, REMOVED;

        /** Whether the download has ended (its result is kept until purged). */
        public boolean stopped() {
            return this == COMPLETE || this == ERROR || this == REMOVED;
        }
    }

    /** Bytes {@code [start, end)} of the file are on disk. */
    public record Run(long start, long end) {}
}
