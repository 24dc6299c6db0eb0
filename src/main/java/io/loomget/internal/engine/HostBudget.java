package io.loomget.internal.engine;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many connections one host gets right now, learnt as TCP learns a window. It starts at
 * {@link #INITIAL} and grows by one per answer (doubling per round, "slow start") until the host first
 * refuses; from then on a refusal (503, 429, a refused or reset connection) halves it and a run of
 * answers as long as the budget adds one, up to the configured cap. A {@code Retry-After} pauses the
 * whole host: no connection to it starts before then. Whoever waits for a slot waits; nobody fails
 * for want of one.
 */
final class HostBudget {

    /** Connections a host gets before it has answered: a server that allows only a few is not flooded at once. */
    static final int INITIAL = 8;

    private final int cap;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private int limit;
    private int inUse;
    private int successes;
    /** Counts the halvings: refusals by connections opened before the latest one do not halve again. */
    private long epoch;
    private long pausedUntil;
    private boolean slowStart = true;

    HostBudget(int cap) {
        this.cap = cap;
        this.limit = Math.min(cap, INITIAL);
        this.pausedUntil = System.nanoTime(); // nanoTime's origin is arbitrary: "not paused" is "until now"
    }

    /** Waits for a slot (and for a pause to end); returns the epoch the slot was given in. */
    long acquire() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                long pause = pausedUntil - System.nanoTime();
                if (pause > 0) {
                    freed.awaitNanos(pause);
                } else if (inUse >= limit) {
                    freed.await();
                } else {
                    inUse++;
                    return epoch;
                }
            }
        } catch (InterruptedException e) {
            freed.signal(); // a release's signal this thread may have taken goes on to the next waiter
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /** A slot if one is free and the host is not paused; -1 when not. */
    long tryAcquire() {
        lock.lock();
        try {
            if (inUse >= limit || pausedUntil - System.nanoTime() > 0) {
                return -1;
            }
            inUse++;
            return epoch;
        } finally {
            lock.unlock();
        }
    }

    void release() {
        lock.lock();
        try {
            inUse--;
            // One slot freed, one waiter woken: with -j above the host's cap, waking them all on every
            // release (each to find the slot taken and wait again) cost CPU for every waiting file. A waiter
            // that wakes into a pause waits it out and then takes the slot itself; one interrupted passes
            // the signal on (acquire).
            freed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The host refused a connection opened in {@code slotEpoch}: half the budget (once per epoch), at least one. */
    void refused(long slotEpoch) {
        lock.lock();
        try {
            if (slotEpoch == epoch) {
                limit = Math.max(1, limit / 2);
                successes = 0;
                epoch++;
                slowStart = false;
            }
        } finally {
            lock.unlock();
        }
    }

    /** An answer came: one more connection (slow start), or one more after as many answers as the budget. */
    void succeeded() {
        lock.lock();
        try {
            if (limit < cap && (slowStart || ++successes >= limit)) {
                limit++;
                successes = 0;
                freed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code Retry-After}: no new connection to the host for {@code wait}. Returns whether this starts
     * or lengthens the pause (several ranges refused together pause the host once).
     */
    boolean pause(Duration wait) {
        lock.lock();
        try {
            long until = System.nanoTime() + wait.toNanos();
            boolean longer = until - pausedUntil > 0;
            pausedUntil = Math.max(pausedUntil, until);
            freed.signalAll();
            return longer;
        } finally {
            lock.unlock();
        }
    }

    /** Connections to the host held right now. */
    int inUse() {
        lock.lock();
        try {
            return inUse;
        } finally {
            lock.unlock();
        }
    }

    int limit() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }
}
