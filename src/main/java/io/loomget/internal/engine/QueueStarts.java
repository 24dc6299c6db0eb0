package io.loomget.internal.engine;

import io.loomget.DownloadEvent;
import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.DownloadStatus.State;
import io.loomget.FileResult;
import io.loomget.QueueEvent;
import io.loomget.QueueListener;
import io.loomget.Settings;
import java.time.Duration;

/**
 * A queue's owner thread and what it starts: one independent scope for the queue's life, a subtask
 * per start of a download (a {@link FileDownload}) while {@code -j} allows, and the filing of each
 * start's end — complete, failed, removed, or back in the queue after a pause or a shutdown.
 */
final class QueueStarts {

    private final QueueLock lock;
    private final QueueBook book;
    private final BatchContext batch;
    private final QueueListener listener;
    private final QueueTransports transports;
    /** The threads running a start of a download now: the listener is called on them. */
    private final java.util.Set<Thread> downloadThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The active downloads when the queue closed, in the order they had started; guarded by the lock. */
    private java.util.List<QueueEntry> activeAtShutdown = java.util.List.of();

    QueueStarts(QueueLock lock, QueueBook book, BatchContext batch, QueueListener listener, QueueTransports transports) {
        this.lock = lock;
        this.book = book;
        this.batch = batch;
        this.listener = listener;
        this.transports = transports;
    }

    /** The owner thread: starts downloads while slots are free; at close, stops the active ones and waits. */
    void schedule() {
        try (transports; var scope = Scopes.<Void>independent("queue", batch.threads())) {
            for (QueueEntry next; (next = nextToStart()) != null; ) {
                var entry = next;
                scope.fork(() -> {
                    downloadThreads.add(Thread.currentThread());
                    try {
                        run(entry);
                    } finally {
                        downloadThreads.remove(Thread.currentThread());
                    }
                    return null;
                });
            }
            lock.locked(() -> {
                activeAtShutdown = java.util.List.copyOf(book.active);
                book.active.forEach(e -> stopThread(e, QueueEntry.Stop.SHUTDOWN));
            });
            scope.join();
        } catch (InterruptedException | Scopes.SubtaskFailedException e) {
            Thread.currentThread().interrupt(); // nobody interrupts the owner; an independent scope does not fail
        }
    }

    /** Whether {@code thread} is one of this queue's download threads (a listener runs on it). */
    boolean runs(Thread thread) {
        return downloadThreads.contains(thread);
    }

    /** Waits for a free slot and a waiting download, and marks it active; null once the queue closes. */
    private QueueEntry nextToStart() {
        return lock.locked(() -> {
            while (true) {
                if (book.closed) {
                    return null;
                }
                var next = book.startNext();
                if (next != null) {
                    return next;
                }
                lock.awaitChange();
            }
        });
    }

    /** One start of one download, on its own thread of the queue's scope. */
    private void run(QueueEntry entry) {
        record Start(DownloadRequest request, Settings settings, RateLimiter rate) {}
        var start = lock.locked(() -> {
            if (entry.stop != QueueEntry.Stop.NONE) { // paused, removed or shut down before its thread began
                settle(entry, new FileResult.Cancelled(entry.request, Duration.ZERO));
                return null;
            }
            entry.thread = Thread.currentThread();
            entry.rate = batch.fileRate(entry.settings.limitRate());
            return new Start(entry.request, entry.settings, entry.rate);
        });
        if (start == null) {
            return;
        }
        listener.on(new QueueEvent.Started(entry.gid));
        DownloadListener follow = event -> {
            if (event instanceof DownloadEvent.FileStarted started && started.file() instanceof ProgressCounter counter) {
                lock.locked(() -> entry.started(counter));
            }
        };
        var context = batch.forFile(start.settings(), follow, start.rate(), transports.forDownload(start.settings()));
        var result = new FileDownload(start.request(), context).run();
        Thread.interrupted(); // a pause's or removal's interrupt has done its work; listeners may block
        var event = lock.locked(() -> {
            entry.thread = null;
            entry.rate = null;
            var ended = settle(entry, result);
            // A paused download resumed at once starts again only once its pause is announced: in order.
            entry.announcing = ended instanceof QueueEvent.Paused;
            if (ended != null) {
                book.ending++; // its slot is free once its end is told: the next start is told after it
            }
            return ended;
        });
        if (event != null) {
            try {
                listener.on(event);
            } finally {
                lock.locked(() -> {
                    book.ending--;
                    entry.announcing = false;
                    lock.changed();
                });
            }
        }
    }

    /** Files an ended start where it belongs now; returns the event to announce, if any. Holds the lock. */
    private QueueEvent settle(QueueEntry entry, FileResult result) {
        book.active.remove(entry);
        lock.changed();
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
            // shut down: first in the queue, in the order they had started (not the order they stop in):
            // after the ones that started before it and are back already
            int at = 0;
            for (var other : activeAtShutdown) {
                if (other == entry) {
                    break;
                }
                if (other.state == State.WAITING) {
                    at++;
                }
            }
            entry.state = State.WAITING;
            book.waiting.add(Math.min(at, book.waiting.size()), entry);
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
    static void stopThread(QueueEntry entry, QueueEntry.Stop why) {
        entry.stop = why;
        if (entry.thread != null) {
            entry.thread.interrupt();
        }
    }
}
