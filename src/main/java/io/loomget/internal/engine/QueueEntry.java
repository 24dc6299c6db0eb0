package io.loomget.internal.engine;

import io.loomget.DownloadRequest;
import io.loomget.DownloadStatus;
import io.loomget.DownloadStatus.State;
import io.loomget.FileResult;
import io.loomget.Settings;
import java.nio.file.Path;
import java.util.List;

/**
 * One download of a queue (aria2's request group): what to fetch, where it stands, and the thread
 * fetching it while active. Guarded by the queue's lock, but for {@link #progress}, which the file's
 * own thread publishes.
 */
final class QueueEntry {

    /** Why an active download's thread is being stopped: what its cancelled end then means. */
    enum Stop { NONE, PAUSE, REMOVE, SHUTDOWN }

    final long gid;
    DownloadRequest request;
    Settings settings;
    State state;
    Stop stop = Stop.NONE;
    /** Set while a thread runs the file, so that pause and remove can interrupt it. */
    Thread thread;
    /** The file's own speed limit while a thread runs it, so that a change of options reaches it at once. */
    RateLimiter rate;
    /** Set while its Paused event is being announced: it does not start again before that is done. */
    boolean announcing;
    Path target;
    FileResult result;
    /** The live counters of its current (or last) start; null before the first byte flows. */
    volatile ProgressCounter progress;
    private long sampleBytes;
    private long sampleNanos;
    private long speed;

    QueueEntry(long gid, DownloadRequest request, Settings settings, State state) {
        this.gid = gid;
        this.request = request;
        this.settings = settings;
        this.state = state;
    }

    /** A new start's counters: the speed is measured from them afresh. */
    void started(ProgressCounter counter) {
        progress = counter;
        target = counter.target();
        sampleNanos = 0;
    }

    /**
     * After a pause or a shutdown: the next start continues the same file under the same name, through
     * the resume code {@code -c} uses.
     */
    void prepareResume() {
        if (target != null) {
            request = request.withOutName(target.getFileName().toString());
        }
        settings = settings.toBuilder().resume(true).build();
    }

    DownloadStatus snapshot(long nowNanos) {
        var counter = progress;
        long size = -1;
        long done = 0;
        List<DownloadStatus.Run> runs = List.of();
        switch (result) {
            case FileResult.Downloaded d -> {
                size = d.bytes();
                done = d.bytes();
                runs = List.of(new DownloadStatus.Run(0, size));
            }
            case FileResult.AlreadyComplete c -> {
                size = c.bytes();
                done = c.bytes();
                runs = List.of(new DownloadStatus.Run(0, size));
            }
            case null, default -> {
                if (counter != null) {
                    size = counter.size();
                    done = counter.bytes();
                    runs = counter.doneRuns().stream().map(r -> new DownloadStatus.Run(r[0], r[1])).toList();
                }
            }
        }
        boolean active = state == State.ACTIVE && counter != null;
        return new DownloadStatus(gid, state, request, settings, target, size, done,
                active ? speed(counter, nowNanos) : 0, active ? counter.connections() : 0, runs, result,
                active ? counter.servers(nowNanos) : List.of());
    }

    /** Bytes per second since the last sample at least a second ago (the average so far before that). */
    private long speed(ProgressCounter counter, long nowNanos) {
        long bytes = counter.fetched();
        if (sampleNanos == 0) {
            long elapsed = nowNanos - counter.startNanos();
            speed = elapsed > 0 ? (long) (bytes * 1e9 / elapsed) : 0;
        } else if (nowNanos - sampleNanos >= 1_000_000_000L) {
            speed = (long) ((bytes - sampleBytes) * 1e9 / (nowNanos - sampleNanos));
        } else {
            return speed;
        }
        sampleBytes = bytes;
        sampleNanos = nowNanos;
        return speed;
    }
}
