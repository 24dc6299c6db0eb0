package io.loomget.internal.engine;

import io.loomget.DownloadEvent;
import io.loomget.DownloadListener;
import io.loomget.DownloadQueue.Addition;
import io.loomget.DownloadQueue.Stats;
import io.loomget.DownloadQueue.Whence;
import io.loomget.DownloadQueue;
import io.loomget.DownloadRequest;
import io.loomget.DownloadStatus.State;
import io.loomget.DownloadStatus;
import io.loomget.FileResult;
import io.loomget.QueueEvent;
import io.loomget.QueueListener;
import io.loomget.Settings;
import io.loomget.internal.http.JdkTransport;
import io.loomget.internal.http.Netrc;
import io.loomget.internal.http.Transport;
import io.loomget.internal.io.Storage;
import io.loomget.internal.io.TargetRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine behind {@link DownloadQueue}: the shared parts of a batch ({@link BatchContext}) kept for
 * the queue's life, and an owner thread whose independent scope forks one {@link FileDownload} per
 * started download, at most {@code -j} at once. Pause, remove and shutdown interrupt a download's thread
 * after saying why ({@link QueueEntry.Stop}); its cancelled end then settles it accordingly.
 */
public final class QueueRun {

    /** How long pause and remove wait for an active download to stop before they return anyway. */
    private static final Duration SETTLE_WAIT = Duration.ofSeconds(10);

    private final QueueListener listener;
    private final BatchContext batch;
    private final Transport transport;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever a download could start: added, resumed, moved, ended, a higher limit, closing. */
    private final Condition changed = lock.newCondition();
    private final QueueBook book = new QueueBook();
    private int limit;
    private int returnedAtShutdown;
    private boolean closed;
    private final Thread owner;

    public QueueRun(Settings settings, QueueListener listener) {
        this(settings, listener, new JdkTransport(BatchRun.transportOptions(settings)), Storage.DISK);
    }

    QueueRun(Settings settings, QueueListener listener, Transport transport, Storage storage) {
        this.listener = listener;
        this.transport = transport;
        this.limit = settings.filesAtOnce();
        var hosts = new HostLimiter(settings.effectiveHostLimit(), HostLimiter.heapBudget(Runtime.getRuntime().maxMemory()));
        this.batch = new BatchContext(settings, transport, storage, hosts, new RateLimiter(settings.limitRate()),
                new TargetRegistry(settings.overwrite()), settings.threads().factory("loomget"), DownloadListener.NONE,
                new Checkpoints(), Netrc.load(settings.netrc()));
        this.owner = settings.threads().factory("loomget-queue").newThread(this::schedule);
        owner.start();
    }

    public long add(Addition addition) {
        return locked(() -> {
            if (closed) {
                throw new IllegalStateException("the queue is closed");
            }
            long gid = addition.gid() != 0 ? addition.gid() : book.newGid();
            if (book.knows(gid)) {
                throw new IllegalArgumentException("GID " + QueueBook.hex(gid) + " is already in use");
            }
            var entry = new QueueEntry(gid, addition.request(), addition.settings(),
                    addition.paused() ? State.PAUSED : State.WAITING);
            book.add(entry, addition.position());
            changed.signalAll();
            return gid;
        });
    }

    public void pause(long gid) {
        locked(() -> {
            var entry = book.find(gid);
            if (!pausable(entry)) {
                throw new IllegalStateException("GID#" + QueueBook.hex(gid) + " cannot be paused now");
            }
            pause(entry);
            awaitSettled(entry);
        });
    }

    public void pauseAll() {
        locked(() -> {
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
            stopThread(entry, QueueEntry.Stop.PAUSE);
        }
    }

    public void resume(long gid) {
        locked(() -> {
            var entry = book.find(gid);
            if (entry.state != State.PAUSED) {
                throw new IllegalStateException("GID#" + QueueBook.hex(gid) + " cannot be unpaused now");
            }
            entry.state = State.WAITING;
            changed.signalAll();
        });
    }

    public void resumeAll() {
        locked(() -> {
            book.waiting.stream().filter(e -> e.state == State.PAUSED).forEach(e -> e.state = State.WAITING);
            changed.signalAll();
        });
    }

    public void remove(long gid) {
        QueueEvent event = locked(() -> {
            var entry = book.find(gid);
            switch (entry.state) {
                case ACTIVE -> {
                    stopThread(entry, QueueEntry.Stop.REMOVE);
                    awaitSettled(entry); // the removal is announced by the download's own thread
                    return null;
                }
                case WAITING, PAUSED -> {
                    changed.signalAll();
                    if (!entry.started) {
                        book.forget(entry); // never started: nothing to remember (aria2 drops it too)
                        return null;
                    }
                    entry.state = State.REMOVED;
                    entry.result = new FileResult.Cancelled(entry.request, Duration.ZERO);
                    book.toStopped(entry);
                    return new QueueEvent.Removed(gid);
                }
                default -> throw new IllegalStateException("Active Download not found for GID#" + QueueBook.hex(gid));
            }
        });
        if (event != null) {
            listener.on(event);
        }
    }

    public int move(long gid, int offset, Whence from) {
        return locked(() -> {
            var entry = book.find(gid);
            int destination = book.move(entry, offset, from);
            changed.signalAll();
            return destination;
        });
    }

    public void change(long gid, DownloadRequest request, Settings settings) {
        locked(() -> {
            var entry = book.find(gid);
            if (entry.state.stopped()) {
                throw new IllegalStateException("Cannot change option for GID#" + QueueBook.hex(gid));
            }
            entry.request = request;
            entry.settings = settings;
        });
    }

    public Optional<DownloadStatus> status(long gid) {
        return locked(() -> {
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
        return locked(() -> {
            var all = new ArrayList<QueueEntry>(book.active);
            all.addAll(book.waiting);
            return snapshots(all, 0, Integer.MAX_VALUE);
        });
    }

    private List<DownloadStatus> snapshots(java.util.Collection<QueueEntry> from, int offset, int num) {
        if (offset < 0 || num < 0) {
            throw new IllegalArgumentException("offset and num must not be negative");
        }
        return locked(() -> {
            long now = System.nanoTime();
            return from.stream().skip(offset).limit(num).map(e -> e.snapshot(now)).toList();
        });
    }

    public Stats stats() {
        return locked(() -> {
            long now = System.nanoTime();
            long speed = book.active.stream().mapToLong(e -> e.snapshot(now).speed()).sum();
            return new Stats(book.active.size(), book.waiting.size(), book.stopped.size(), book.stoppedTotal, speed);
        });
    }

    public void removeResult(long gid) {
        locked(() -> {
            var entry = book.find(gid);
            if (!entry.state.stopped()) {
                throw new IllegalStateException("Could not remove download result of GID#" + QueueBook.hex(gid));
            }
            book.forget(entry);
        });
    }

    public void purgeResults() {
        locked(() -> {
            book.forgetStopped();
        });
    }

    public void filesAtOnce(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("filesAtOnce (-j) must be at least 1, got " + n);
        }
        locked(() -> {
            limit = n;
            changed.signalAll();
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
        return locked(() -> limit);
    }

    public void close() {
        locked(() -> {
            closed = true;
            changed.signalAll();
        });
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

    /** The owner thread: starts downloads while slots are free; at close, stops the active ones and waits. */
    private void schedule() {
        try (transport; var scope = Scopes.<Void>independent("queue", batch.threads())) {
            for (QueueEntry next; (next = nextToStart()) != null; ) {
                var entry = next;
                scope.fork(() -> {
                    run(entry);
                    return null;
                });
            }
            locked(() -> book.active.forEach(e -> stopThread(e, QueueEntry.Stop.SHUTDOWN)));
            scope.join();
        } catch (InterruptedException | Scopes.SubtaskFailedException e) {
            Thread.currentThread().interrupt(); // nobody interrupts the owner; an independent scope does not fail
        }
    }

    /** Waits for a free slot and a waiting download, and marks it active; null once the queue closes. */
    private QueueEntry nextToStart() {
        return locked(() -> {
            while (true) {
                if (closed) {
                    return null;
                }
                var next = book.active.size() < limit ? book.startNext() : null;
                if (next != null) {
                    return next;
                }
                changed.awaitUninterruptibly();
            }
        });
    }

    /** One start of one download, on its own thread of the queue's scope. */
    private void run(QueueEntry entry) {
        record Start(DownloadRequest request, Settings settings) {}
        var start = locked(() -> {
            if (entry.stop != QueueEntry.Stop.NONE) { // paused, removed or shut down before its thread began
                settle(entry, new FileResult.Cancelled(entry.request, Duration.ZERO));
                return null;
            }
            entry.thread = Thread.currentThread();
            return new Start(entry.request, entry.settings);
        });
        if (start == null) {
            return;
        }
        listener.on(new QueueEvent.Started(entry.gid));
        DownloadListener follow = event -> {
            if (event instanceof DownloadEvent.FileStarted started && started.file() instanceof ProgressCounter counter) {
                locked(() -> entry.started(counter));
            }
        };
        var context = batch.forFile(start.settings(), follow, start.settings().limitRate());
        var result = new FileDownload(start.request(), context).run();
        Thread.interrupted(); // a pause's or removal's interrupt has done its work; listeners may block
        var event = locked(() -> {
            entry.thread = null;
            return settle(entry, result);
        });
        if (event != null) {
            listener.on(event);
        }
    }

    /** Files an ended start where it belongs now; returns the event to announce, if any. Holds the lock. */
    private QueueEvent settle(QueueEntry entry, FileResult result) {
        book.active.remove(entry);
        changed.signalAll();
        var stop = entry.stop;
        entry.stop = QueueEntry.Stop.NONE;
        if (entry.target != null) {
            batch.targets().release(entry.target); // the file (or its part file) on disk now keeps the name taken
        }
        if (result instanceof FileResult.Cancelled && stop != QueueEntry.Stop.REMOVE && stop != QueueEntry.Stop.NONE) {
            entry.prepareResume();
            if (stop == QueueEntry.Stop.PAUSE) {
                entry.state = State.PAUSED;
                book.waiting.addFirst(entry);
                return new QueueEvent.Paused(entry.gid);
            }
            entry.state = State.WAITING; // shut down: first in the queue, in the order they had started
            book.waiting.add(Math.min(returnedAtShutdown++, book.waiting.size()), entry);
            return null;
        }
        entry.result = result;
        entry.state = switch (result) {
            case FileResult.Downloaded d -> State.COMPLETE;
            case FileResult.AlreadyComplete c -> State.COMPLETE;
            case FileResult.Cancelled c -> State.REMOVED;
            case FileResult.NotFound n -> State.ERROR;
            case FileResult.Failed f -> State.ERROR;
        };
        if (entry.target == null) {
            entry.target = switch (result) {
                case FileResult.Downloaded d -> d.path();
                case FileResult.AlreadyComplete c -> c.path();
                default -> null;
            };
        }
        book.toStopped(entry);
        return switch (entry.state) {
            case COMPLETE -> new QueueEvent.Completed(entry.gid);
            case REMOVED -> new QueueEvent.Removed(entry.gid);
            default -> new QueueEvent.Failed(entry.gid);
        };
    }

    /** Says why, then interrupts: the file's scope records its state and ends as cancelled. */
    private static void stopThread(QueueEntry entry, QueueEntry.Stop why) {
        entry.stop = why;
        if (entry.thread != null) {
            entry.thread.interrupt();
        }
    }

    /**
     * Holding the lock, waits for a stopped thread's download to settle (its state recorded, its
     * connections closed), so that a pause or removal has happened when the call returns. Bounded: a
     * thread slow to notice its interrupt does not hold up the caller; it settles a little later.
     */
    private void awaitSettled(QueueEntry entry) {
        long left = SETTLE_WAIT.toNanos();
        while (entry.state == State.ACTIVE && left > 0) {
            try {
                left = changed.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private <T> T locked(java.util.function.Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    private void locked(Runnable body) {
        lock.lock();
        try {
            body.run();
        } finally {
            lock.unlock();
        }
    }
}
