package io.loomget.internal.engine;

import io.loomget.DownloadQueue;
import io.loomget.DownloadQueue.Whence;
import io.loomget.DownloadStatus.State;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where each download of a queue is: by id, and in one of three places — waiting (in queue order,
 * paused ones keep their place), active (in the order they started), stopped (the last
 * {@link DownloadQueue#KEPT_RESULTS}, oldest first) — and how many may run, and whether the queue is
 * closing. Bookkeeping only, no threads; the queue's {@link QueueLock} guards it.
 */
final class QueueBook {

    private final Map<Long, QueueEntry> entries = new HashMap<>();
    final List<QueueEntry> waiting = new ArrayList<>();
    final List<QueueEntry> active = new ArrayList<>();
    final ArrayDeque<QueueEntry> stopped = new ArrayDeque<>();
    /** Every download that ever stopped, forgotten ones included. */
    long stoppedTotal;
    /** How many may be active at once ({@code -j}). */
    int limit;
    /**
     * Downloads that have ended (or paused) and are being announced: their slots stay taken until
     * they are, so that the download started in a slot is told after the one that left it, as aria2 tells them.
     */
    int ending;
    /** Set once the queue closes: nothing starts any more. */
    boolean closed;

    /** A new id: 64 random bits, never 0, not in use (aria2 shows it as 16 hex digits). */
    long newGid() {
        long gid;
        do {
            gid = ThreadLocalRandom.current().nextLong();
        } while (gid == 0 || entries.containsKey(gid));
        return gid;
    }

    boolean knows(long gid) {
        return entries.containsKey(gid);
    }

    QueueEntry get(long gid) {
        return entries.get(gid);
    }

    /** @throws NoSuchElementException in aria2's words, for an id the queue does not know */
    QueueEntry find(long gid) {
        var entry = entries.get(gid);
        if (entry == null) {
            throw new NoSuchElementException("GID " + hex(gid) + " is not found");
        }
        return entry;
    }

    Collection<QueueEntry> all() {
        return entries.values();
    }

    /** Into the waiting queue at {@code position}, or at its end for -1. */
    void add(QueueEntry entry, int position) {
        entries.put(entry.gid, entry);
        waiting.add(position < 0 ? waiting.size() : Math.min(position, waiting.size()), entry);
    }

    /**
     * The first waiting download that is not paused (nor still announcing its pause), now active, when a
     * slot is free; null when there is none.
     */
    QueueEntry startNext() {
        if (active.size() + ending >= limit) {
            return null;
        }
        for (var entry : waiting) {
            if (entry.state == State.WAITING && !entry.announcing) {
                waiting.remove(entry);
                active.add(entry);
                entry.state = State.ACTIVE;
                return entry;
            }
        }
        return null;
    }

    /** aria2's {@code changePosition}: the new place, clamped to the queue. */
    int move(QueueEntry entry, int offset, Whence from) {
        int current = waiting.indexOf(entry);
        if (current < 0) {
            throw new IllegalStateException("GID#" + hex(entry.gid) + " not found in the waiting queue.");
        }
        long base = switch (from) {
            case SET -> 0;
            case CUR -> current;
            case END -> waiting.size() - 1;
        };
        int destination = (int) Math.clamp(base + offset, 0, waiting.size() - 1);
        waiting.remove(current);
        waiting.add(destination, entry);
        return destination;
    }

    /** From wherever it is to the stopped list; the oldest results beyond the kept number are forgotten. */
    void toStopped(QueueEntry entry) {
        waiting.remove(entry);
        active.remove(entry);
        stopped.addLast(entry);
        stoppedTotal++;
        while (stopped.size() > DownloadQueue.KEPT_RESULTS) {
            entries.remove(stopped.removeFirst().gid);
        }
    }

    /** Gone from every place, as if never added. */
    void forget(QueueEntry entry) {
        waiting.remove(entry);
        active.remove(entry);
        stopped.remove(entry);
        entries.remove(entry.gid);
    }

    void forgetStopped() {
        stopped.forEach(e -> entries.remove(e.gid));
        stopped.clear();
    }

    static String hex(long gid) {
        return String.format("%016x", gid);
    }
}
