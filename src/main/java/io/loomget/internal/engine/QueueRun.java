package io.loomget.internal.engine;

import io.loomget.DownloadListener;
import io.loomget.DownloadQueue.Addition;
import io.loomget.DownloadQueue.Stats;
import io.loomget.DownloadQueue.Whence;
import io.loomget.DownloadQueue;
import io.loomget.DownloadRequest;
import io.loomget.DownloadStatus.State;
import io.loomget.DownloadStatus;
import io.loomget.QueueListener;
import io.loomget.Settings;
import io.loomget.internal.http.Netrc;
import io.loomget.internal.http.Transport;
import io.loomget.internal.io.Storage;
import io.loomget.internal.io.TargetRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The engine behind {@link DownloadQueue}: the shared parts of a batch ({@link BatchContext}) kept for
 * the queue's life, its {@link QueueBook} under one {@link QueueLock}, and an owner thread
 * ({@link QueueStarts}) whose independent scope forks one {@link FileDownload} per started download,
 * at most {@code -j} at once. Pause, remove and shutdown interrupt a download's thread
 * after saying why ({@link QueueEntry.Stop}); its cancelled end then settles it accordingly.
 */
public final class QueueRun {

    /** How long pause and remove wait for an active download to stop before they return anyway. */
    private static final Duration SETTLE_WAIT = Duration.ofSeconds(10);

    private final BatchContext batch;
    private final QueueLock lock = new QueueLock();
    private final QueueBook book = new QueueBook();
    private final Thread owner;
    private final QueueStarts starts;

    /** A queue on the JDK's HttpClient, closed again when the queue cannot start (it would outlive it). */
    public static QueueRun start(Settings settings, QueueListener listener) {
        var transports = QueueTransports.from(settings);
        try {
            return new QueueRun(settings, listener, transports, Storage.DISK);
        } catch (RuntimeException | Error e) {
            try {
                transports.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    QueueRun(Settings settings, QueueListener listener, Transport transport, Storage storage) {
        this(settings, listener, QueueTransports.only(transport), storage);
    }

    private QueueRun(Settings settings, QueueListener listener, QueueTransports transports, Storage storage) {
        var transport = transports.shared();
        book.limit = settings.filesAtOnce();
        var hosts = BatchRun.limitsFor(settings, Runtime.getRuntime().maxMemory());
        this.batch = new BatchContext(settings, transport, storage, hosts, new RateLimiter(settings.limitRate()),
                new TargetRegistry(settings.overwrite()), settings.threads().factory("loomget"), DownloadListener.NONE,
                new Checkpoints(), Netrc.load(settings.netrc()));
        this.starts = new QueueStarts(lock, book, batch, Listeners.isolated(listener), transports);
        this.owner = settings.threads().factory("loomget-queue").newThread(starts::schedule);
        owner.start();
    }

    public long add(Addition addition) {
        return lock.locked(() -> {
            if (book.closed) {
                throw new IllegalStateException("the queue is closed");
            }
            long gid = addition.gid() != 0 ? addition.gid() : book.newGid();
            if (book.knows(gid)) {
                throw new IllegalArgumentException("GID " + QueueBook.hex(gid) + " is already in use");
            }
            var entry = new QueueEntry(gid, addition.request(), addition.settings(),
                    addition.paused() ? State.PAUSED : State.WAITING);
            book.add(entry, addition.position());
            lock.changed();
            return gid;
        });
    }

    public void pause(long gid) {
        lock.locked(() -> {
            var entry = book.find(gid);
            if (!pausable(entry)) {
                throw new IllegalStateException("GID#" + QueueBook.hex(gid) + " cannot be paused now");
            }
            pause(entry);
            awaitSettled(entry);
        });
    }

    public void pauseAll() {
        lock.locked(() -> {
            var pausing = book.all().stream().filter(QueueRun::pausable).toList();
            pausing.forEach(this::pause);
            pausing.forEach(this::awaitSettled); // like pause(): paused when the call returns
        });
    }

    private static boolean pausable(QueueEntry entry) {
        return entry.state == State.WAITING || entry.state == State.ACTIVE && entry.stop == QueueEntry.Stop.NONE;
    }

    private void pause(QueueEntry entry) {
        if (entry.state == State.WAITING) {
            entry.state = State.PAUSED;
        } else {
            QueueStarts.stopThread(entry, QueueEntry.Stop.PAUSE);
        }
    }

    public void resume(long gid) {
        lock.locked(() -> {
            var entry = book.find(gid);
            if (entry.state != State.PAUSED) {
                throw new IllegalStateException("GID#" + QueueBook.hex(gid) + " cannot be unpaused now");
            }
            entry.state = State.WAITING;
            lock.changed();
        });
    }

    public void resumeAll() {
        lock.locked(() -> {
            book.waiting.stream().filter(e -> e.state == State.PAUSED).forEach(e -> e.state = State.WAITING);
            lock.changed();
        });
    }

    public void remove(long gid) {
        lock.locked(() -> {
            var entry = book.find(gid);
            switch (entry.state) {
                // The removal is announced by the download's own thread.
                case ACTIVE -> {
                    QueueStarts.stopThread(entry, QueueEntry.Stop.REMOVE);
                    awaitSettled(entry);
                }
                // Not running: forgotten, no result and no event, also when paused mid-way (aria2 drops
                // it from its waiting queue alike); a part file on disk stays, as aria2 leaves it.
                case WAITING, PAUSED -> {
                    book.forget(entry);
                    lock.changed();
                }
                default -> throw new IllegalStateException("Active Download not found for GID#" + QueueBook.hex(gid));
            }
        });
    }

    public int move(long gid, int offset, Whence from) {
        return lock.locked(() -> {
            var entry = book.find(gid);
            int destination = book.move(entry, offset, from);
            lock.changed();
            return destination;
        });
    }

    public void change(long gid, DownloadRequest request, Settings settings) {
        lock.locked(() -> {
            var entry = book.find(gid);
            if (entry.state.stopped()) {
                throw new IllegalStateException("Cannot change option for GID#" + QueueBook.hex(gid));
            }
            entry.request = request;
            entry.settings = settings;
            if (entry.rate != null) {
                entry.rate.rate(settings.limitRate()); // the speed limit applies at once; the rest from the next start
            }
        });
    }

    public Optional<DownloadStatus> status(long gid) {
        return lock.locked(() -> {
            var entry = book.get(gid);
            return entry == null ? Optional.empty() : Optional.of(entry.snapshot(System.nanoTime()));
        });
    }

    public List<DownloadStatus> active() {
        return snapshots(book.active, 0, Integer.MAX_VALUE);
    }

    public List<DownloadStatus> waiting(int offset, int num) {
        return snapshots(book.waiting, offset, num);
    }

    public List<DownloadStatus> stopped(int offset, int num) {
        return snapshots(book.stopped, offset, num);
    }

    public List<DownloadStatus> unfinished() {
        return lock.locked(() -> {
            var all = new ArrayList<QueueEntry>(book.active);
            all.addAll(book.waiting);
            return snapshots(all, 0, Integer.MAX_VALUE);
        });
    }

    private List<DownloadStatus> snapshots(java.util.Collection<QueueEntry> from, int offset, int num) {
        if (offset < 0 || num < 0) {
            throw new IllegalArgumentException("offset and num must not be negative");
        }
        return lock.locked(() -> {
            long now = System.nanoTime();
            return from.stream().skip(offset).limit(num).map(e -> e.snapshot(now)).toList();
        });
    }

    public Stats stats() {
        return lock.locked(() -> {
            long now = System.nanoTime();
            long speed = book.active.stream().mapToLong(e -> e.snapshot(now).speed()).sum();
            return new Stats(book.active.size(), book.waiting.size(), book.stopped.size(), book.stoppedTotal, speed);
        });
    }

    public void removeResult(long gid) {
        lock.locked(() -> {
            var entry = book.find(gid);
            if (!entry.state.stopped()) {
                throw new IllegalStateException("Could not remove download result of GID#" + QueueBook.hex(gid));
            }
            book.forget(entry);
        });
    }

    public void purgeResults() {
        lock.locked(() -> {
            book.forgetStopped();
        });
    }

    public void filesAtOnce(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("filesAtOnce (-j) must be at least 1, got " + n);
        }
        lock.locked(() -> {
            book.limit = n;
            lock.changed();
        });
    }

    public void limitRate(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("limitRate must be at least 0, got " + bytesPerSecond);
        }
        batch.rate().rate(bytesPerSecond);
    }

    public long limitRate() {
        return batch.rate().rate();
    }

    public int filesAtOnce() {
        return lock.locked(() -> book.limit);
    }

    public void close() {
        lock.locked(() -> {
            book.closed = true;
            lock.changed();
        });
        if (starts.runs(Thread.currentThread())) {
            return; // a listener closing its own queue: the shutdown waits for this thread, so it cannot wait here
        }
        boolean interrupted = false;
        while (owner.isAlive()) {
            try {
                owner.join();
            } catch (InterruptedException e) {
                interrupted = true; // the queue's threads still need to end before the client closes
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Holding the lock, waits for a stopped thread's download to settle (its state recorded, its
     * connections closed), so that a pause or removal has happened when the call returns. Bounded: a
     * thread slow to notice its interrupt does not hold up the caller; it settles a little later.
     */
    private void awaitSettled(QueueEntry entry) {
        lock.awaitWhile(() -> entry.state == State.ACTIVE, SETTLE_WAIT);
    }

}
