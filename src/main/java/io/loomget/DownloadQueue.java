package io.loomget;

import io.loomget.internal.engine.QueueRun;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A long-lived download queue, the library's form of aria2's daemon: downloads are added, paused,
 * resumed, moved and removed while others run, at most {@link #filesAtOnce()} at a time (changeable
 * while it runs). Each started download is the same {@code FileDownload} a {@link Batch} runs: a
 * structured scope with a thread per range, verified, committed atomically. A pause records the file's
 * state and cancels its scope; a resume continues its part file through the same resume code as
 * {@link Settings#resume()} ({@code -c}). One HTTP client, host limits and name registry serve the
 * queue's whole life; {@link #close()} ends it.
 *
 * <pre>{@code
 * try (var queue = new DownloadQueue(settings, event -> System.out.println(event))) {
 *     long gid = queue.add(DownloadRequest.of(URI.create("https://example.org/a.iso")), settings);
 *     queue.pause(gid);
 *     queue.resume(gid);
 * }
 * }</pre>
 *
 * Methods that name a download throw {@link NoSuchElementException} for an id the queue does not
 * know and {@link IllegalStateException} when the download is not in a state the call applies to;
 * both messages are one line for the user. All methods are thread-safe.
 */
public final class DownloadQueue implements AutoCloseable {

    /** How many ended downloads are remembered (aria2's {@code --max-download-result}); older ones are forgotten. */
    public static final int KEPT_RESULTS = 1000;

    private final QueueRun run;

    /**
     * Starts a queue. {@code settings} are the queue's: its HTTP client (timeouts, proxy, headers,
     * HTTP/2, TLS, cookies, credentials, thread kind), its {@code .netrc} file and its {@code -j}; each
     * download brings its own settings for the rest (connections, splits, output directory, retries,
     * resume, conditional GET, remote time, lowest speed). A download's own
     * {@link Settings#credentials()}, when they differ from the queue's, are sent instead of them (to
     * the origins of its URLs only), and a download without {@link Settings#netrc()} reads no {@code .netrc}.
     */
    public DownloadQueue(Settings settings, QueueListener listener) {
        // Checked here: a null listener would otherwise fail on every event, each failure dropped as a listener's.
        this.run = QueueRun.start(java.util.Objects.requireNonNull(settings, "settings"),
                java.util.Objects.requireNonNull(listener, "listener (QueueListener.NONE for none)"));
    }

    /** Adds a download at the end of the queue, ready to start; returns its new id. */
    public long add(DownloadRequest request, Settings settings) {
        return add(Addition.of(request, settings));
    }

    /**
     * Adds a download as {@code addition} says.
     *
     * @return its id
     * @throws IllegalArgumentException when the addition's id is already in use
     * @throws IllegalStateException    when the queue is closed
     */
    public long add(Addition addition) {
        return run.add(addition);
    }

    /**
     * Pauses a waiting download, or an active one: its state is recorded and its ranges stop. For an
     * active one it returns once the download has stopped, or after 10 s at most (then it stops soon
     * after); called from that download's own listener, or by a thread already interrupted, it returns
     * at once (the download stops soon after).
     */
    public void pause(long gid) {
        run.pause(gid);
    }

    /** Makes a paused download waiting again; it continues its part file when it starts. */
    public void resume(long gid) {
        run.resume(gid);
    }

    /**
     * Removes a download. An active one stops and stays listed as {@link DownloadStatus.State#REMOVED}
     * (its part file stays, as aria2 leaves it); a waiting or paused one is forgotten outright, with no
     * result and no event, as aria2 forgets it (a part file it left stays too).
     */
    public void remove(long gid) {
        run.remove(gid);
    }

    /** Pauses every waiting and active download; returns once the active ones have stopped. */
    public void pauseAll() {
        run.pauseAll();
    }

    /** Makes every paused download waiting again. */
    public void resumeAll() {
        run.resumeAll();
    }

    /**
     * Moves a waiting (or paused) download in the queue, as aria2's {@code changePosition}: to
     * {@code offset} from the start, from its current place or from the end; a place before the start
     * or past the end is clamped.
     *
     * @return its new place, 0 for the first
     */
    public int move(long gid, int offset, Whence from) {
        java.util.Objects.requireNonNull(from, "from");
        return run.move(gid, offset, from);
    }

    /**
     * Replaces what and how a download that has not ended fetches (its URIs, options). A waiting or
     * paused download starts with them; an active one uses them from its next start (after a pause).
     *
     * @throws NullPointerException when {@code request} or {@code settings} is null
     */
    public void change(long gid, DownloadRequest request, Settings settings) {
        java.util.Objects.requireNonNull(request, "request");
        java.util.Objects.requireNonNull(settings, "settings");
        run.change(gid, request, settings);
    }

    /** The download's status, or empty when the queue does not know it (any more). */
    public Optional<DownloadStatus> status(long gid) {
        return run.status(gid);
    }

    /** The active downloads, in the order they started. */
    public List<DownloadStatus> active() {
        return run.active();
    }

    /** Up to {@code num} waiting and paused downloads from place {@code offset}, in queue order. */
    public List<DownloadStatus> waiting(int offset, int num) {
        return run.waiting(offset, num);
    }

    /** Up to {@code num} ended downloads from place {@code offset}, oldest first. */
    public List<DownloadStatus> stopped(int offset, int num) {
        return run.stopped(offset, num);
    }

    /** Every download that has not ended, active ones first, then the queue in order: what a session saves. */
    public List<DownloadStatus> unfinished() {
        return run.unfinished();
    }

    /** Counts and the overall speed. */
    public Stats stats() {
        return run.stats();
    }

    /** Forgets an ended download. */
    public void removeResult(long gid) {
        run.removeResult(gid);
    }

    /** Forgets every ended download. */
    public void purgeResults() {
        run.purgeResults();
    }

    /** Downloads running at once; raising it starts waiting ones now, lowering it lets active ones finish. */
    public void filesAtOnce(int n) {
        run.filesAtOnce(n);
    }

    public int filesAtOnce() {
        return run.filesAtOnce();
    }

    /**
     * The overall speed limit of all downloads, in bytes per second (0: none), changed while they run
     * (aria2's {@code max-overall-download-limit}); it starts as the queue's {@link Settings#limitRate()}.
     * A download's own {@link Settings#limitRate()} limits that download within it (aria2's
     * {@code max-download-limit}).
     */
    public void limitRate(long bytesPerSecond) {
        run.limitRate(bytesPerSecond);
    }

    public long limitRate() {
        return run.limitRate();
    }

    /**
     * Stops the queue: active downloads record their state and stop (they stay unfinished, to be
     * added again, resuming, by the next queue), nothing more starts, and the HTTP client is closed.
     * Returns when every download thread has ended; called from a {@link QueueListener} (which runs on
     * a download thread), it returns at once and the queue shuts down after the listener returns.
     * Calling it again does nothing. Afterwards {@link #add} throws {@link IllegalStateException}; the
     * other methods still read and change the queue's list (what {@link #unfinished()} shows for the
     * next queue), but nothing starts again.
     */
    @Override
    public void close() {
        run.close();
    }

    /** Where {@link #move} counts from (aria2's {@code POS_SET}, {@code POS_CUR}, {@code POS_END}). */
    public enum Whence { SET, CUR, END }

    /**
     * The queue's counts: {@code stoppedTotal} counts every download that ever ended, including those
     * forgotten since; {@code speed} is the sum of the active ones' in bytes per second.
     */
    public record Stats(int active, int waiting, int stopped, long stoppedTotal, long speed) {}

    /**
     * A download to add.
     *
     * @param request  what to download
     * @param settings how (see {@link DownloadQueue#DownloadQueue}); {@link Settings#resume()} makes it continue a part file
     * @param paused   added paused (it waits for {@link #resume})
     * @param position its place in the queue, or -1 for the end
     * @param gid      its id, or 0 for a new one (a restored session keeps its ids)
     */
    public record Addition(DownloadRequest request, Settings settings, boolean paused, int position, long gid) {

        public Addition {
            java.util.Objects.requireNonNull(request, "request");
            java.util.Objects.requireNonNull(settings, "settings");
            if (position < -1) {
                throw new IllegalArgumentException("position must be -1 (the end) or more, got " + position);
            }
        }

        public static Addition of(DownloadRequest request, Settings settings) {
            return new Addition(request, settings, false, -1, 0);
        }

        public Addition paused(boolean value) {
            return new Addition(request, settings, value, position, gid);
        }

        public Addition at(int place) {
            return new Addition(request, settings, paused, place, gid);
        }

        public Addition withGid(long id) {
            return new Addition(request, settings, paused, position, id);
        }
    }
}
