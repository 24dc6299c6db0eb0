package io.loomget.internal.engine;

import io.loomget.DownloadEvent;
import io.loomget.DownloadRequest;
import io.loomget.internal.http.Answer;
import io.loomget.internal.io.ResumeState;
import io.loomget.internal.io.StreamDigest;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One file's structured scope: the probe's open body fills the first range while the owner (the
 * file's thread, the only one that may fork) forks a thread for each further range and, when one
 * ends, for a piece split off the range that would finish last. A range that fails for good fails
 * the scope, which cancels its siblings. Every {@link #STATE_INTERVAL} the runs on disk are recorded
 * for {@code -c}, and once more when the scope fails or is interrupted.
 */
final class RangeScope {

    /** How often a long download records its progress for {@code -c}; a short one never does. */
    static final Duration STATE_INTERVAL = Duration.ofSeconds(2);
    /** How often the owner looks for a range to split while one of its connections is idle. */
    static final Duration STEAL_CHECK = Duration.ofMillis(50);

    private final DownloadRequest request;
    private final BatchContext batch;
    private final Probe probe;
    private final FileStorage storage;
    private final RangeFetch fetch;
    private final BlockingQueue<Segment> ended = new LinkedBlockingQueue<>();
    /** Touched by the owner thread only (forks happen there); see {@link #rangeTask}. */
    private final List<Lease> leases = new ArrayList<>();

    RangeScope(DownloadRequest request, BatchContext batch, Probe probe, FileStorage storage, Sources sources,
               ProgressCounter progress, StreamDigest digest) {
        this.request = request;
        this.batch = batch;
        this.probe = probe;
        this.storage = storage;
        this.fetch = new RangeFetch(new RangeFetch.Target(batch.transport(), sources, request.headers(),
                probe.size(), probe.rangeable(), probe.ifRange(), probe.weakTag(), storage.workspace().part(), progress,
                Math.min(batch.settings().connectionsPerFile(), storage.plan().plannedCount()), digest), batch);
    }

    /**
     * Fetches every missing byte; the first range takes the probe's open answer and connection slot from
     * {@code firstExchange}, which releases the rest at once. Returns the most
     * connections used at once.
     */
    int run(FirstExchange firstExchange) throws IOException, InterruptedException {
        try (var registration = batch.checkpoints().register(this::checkpoint)) {
            var first = storage.plan().next();
            return alone(first) ? runAlone(first, firstExchange) : runRanges(first, firstExchange);
        } finally {
            storage.workspace().closeState();
        }
    }

    /**
     * Whether {@code first} is the file's only range and the probe's answer streams exactly it (the
     * whole file), and it is small ({@link RangePlan#STALL_BYTES} at most) or cannot be fetched in
     * ranges: nothing to split or steal, and a hedge is not worth a watching owner, so the file's own
     * thread can read it. A larger file of one range is still watched, so that a stall or a trickle
     * is raced on a fresh connection.
     */
    private boolean alone(Segment first) {
        return first != null && storage.plan().plannedCount() == 1 && (!probe.rangeable()
                || first.start() == 0 && first.end() == probe.head() && probe.head() >= probe.size()
                        && probe.size() <= RangePlan.STALL_BYTES);
    }

    /**
     * The one range of a file the probe brings whole, fetched by the owner thread itself: no scope, no
     * thread and no hand-off per file, which is most of what a small file costs beyond the HTTP client.
     * Such a file is at most {@link RangePlan#STALL_BYTES}, or one stream, so it keeps no periodic state; a
     * failure or a Ctrl-C still records what is on disk, as for any other file.
     */
    private int runAlone(Segment segment, FirstExchange firstExchange) throws IOException, InterruptedException {
        try (var lease = new Lease(firstExchange.takePermit(), firstExchange.takeResponse())) {
            fetch.fetch(segment, lease.opened(), lease.permit());
        } catch (IOException | InterruptedException | RuntimeException e) {
            saveStateAfterFailure();
            throw e;
        } finally {
            storage.plan().finished(segment);
        }
        return 1;
    }

    private int runRanges(Segment first, FirstExchange firstExchange) throws IOException, InterruptedException {
        var plan = storage.plan();
        URI host = probe.finalUri();
        // Stealing only refills connections that finished: a file planned as one range stays one stream.
        int limit = Math.min(batch.settings().connectionsPerFile(), plan.plannedCount());
        int active = 0;
        int peak = 0;
        long nextSave = System.nanoTime() + STATE_INTERVAL.toNanos();
        try (var scope = Scopes.<Void>allOrNothing("file", batch.threads())) {
            if (first != null) {
                // The probe streams [0, head); it serves the first range only if that is exactly it.
                var opened = first.start() == 0 && first.end() == probe.head() || !probe.rangeable()
                        ? firstExchange.takeResponse() : null;
                scope.fork(rangeTask(first, opened, firstExchange.takePermit()));
                active++;
            }
            firstExchange.close(); // what the first range did not take (an unread probe body) goes now
            while (true) {
                active = startRanges(scope, active, limit, host);
                peak = Math.max(peak, active);
                if (active == 0) {
                    break;
                }
                // With a connection free, look again soon: a range may turn out slow enough to split.
                var segment = ended.poll(active < limit ? STEAL_CHECK.toMillis() : STATE_INTERVAL.toMillis(),
                        TimeUnit.MILLISECONDS);
                if (segment != null) {
                    active--;
                    if (!segment.isComplete()) {
                        break; // that range failed: join says why, and the scope cancels the others
                    }
                }
                if (probe.rangeable() && System.nanoTime() - nextSave > 0) {
                    saveState();
                    nextSave = System.nanoTime() + STATE_INTERVAL.toNanos();
                }
            }
            scope.join();
        } catch (Scopes.SubtaskFailedException e) {
            saveStateAfterFailure();
            throw asIOException(e.getCause());
        } catch (InterruptedException e) {
            saveStateAfterFailure();
            throw e;
        } finally {
            leases.forEach(Lease::close); // every thread of the scope has ended: nothing here is in use
        }
        return Math.max(peak, 1);
    }

    /**
     * Forks a range for each connection slot the host grants now while the file has work for one
     * ({@code active} of its {@code limit} connections running), then beyond its connections only a
     * hedge, one at a time (see {@link RangePlan}). Waits for a slot only when no range runs at all.
     * Returns how many ranges run now.
     */
    private int startRanges(Scopes.TaskScope<Void> scope, int active, int limit, URI host) throws InterruptedException {
        var plan = storage.plan();
        var hosts = batch.hosts();
        while (active < limit ? plan.hasWork() : active == limit && plan.hasHedge()) {
            boolean hedgeOnly = active >= limit;
            var permit = active == 0 ? hosts.acquire(host) : hosts.tryAcquire(host).orElse(null);
            if (permit == null) {
                return active;
            }
            var segment = hedgeOnly ? plan.nextHedge() : plan.next();
            if (segment == null) {
                permit.close();
                return active;
            }
            scope.fork(rangeTask(segment, null, permit));
            active++;
        }
        return active;
    }

    /**
     * A range's task. Its connection slot and any open answer it starts with are in a {@link Lease}
     * that the task closes when it ends, and that {@link #run} closes again once the scope is closed:
     * a task forked into a scope that a failure had already cancelled never runs, and its slot must
     * still go back.
     */
    private Callable<Void> rangeTask(Segment segment, Answer opened, HostLimiter.Permit permit) {
        var lease = new Lease(permit, opened);
        leases.add(lease);
        return () -> {
            try (lease) {
                fetch.fetch(segment, opened, lease.permit());
                return null;
            } finally {
                storage.plan().finished(segment);
                ended.add(segment);
            }
        };
    }

    /** What a range task holds; closing twice is harmless. */
    private record Lease(HostLimiter.Permit permit, Answer opened) implements AutoCloseable {
        @Override
        public void close() {
            if (opened != null) {
                opened.body().close();
            }
            permit.close();
        }
    }

    /** Records the runs on disk, so that {@code -c} can continue. */
    private void saveState() throws IOException {
        storage.workspace().saveState(
                new ResumeState(request.displayUri(), probe.size(), probe.ifRange(), storage.plan().doneRuns()));
    }

    /**
     * From another thread, while the ranges go on (the first Ctrl-C, before anything is cancelled):
     * records what is on disk now. A run counts as done only after its bytes were written, and they
     * are forced to disk first, so the state never claims more than the part file holds.
     */
    private void checkpoint() {
        if (!probe.rangeable() || storage.plan().doneRuns().isEmpty()) {
            return;
        }
        try {
            saveState();
        } catch (IOException e) {
            batch.listener().on(new DownloadEvent.Notice(request, "could not save resume state: " + Failures.describe(e)));
        }
    }

    /** After a failure or Ctrl-C (the range threads have stopped): keep what is done, if it can be resumed. */
    private void saveStateAfterFailure() {
        if (!probe.rangeable() || storage.plan().doneRuns().isEmpty()) {
            return;
        }
        boolean interrupted = Thread.interrupted(); // a pending interrupt would close the channels we need
        try {
            saveState();
        } catch (IOException e) {
            batch.listener().on(new DownloadEvent.Notice(request, "could not save resume state: " + Failures.describe(e)));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static IOException asIOException(Throwable t) throws InterruptedException {
        return switch (t) {
            case InterruptedException e -> throw e;
            case IOException e -> e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> new IOException(t);
        };
    }
}
