package io.loomget.internal.engine;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one lock of a queue, over its {@link QueueBook} and entries, with the condition signalled
 * whenever a download could start or has settled: added, resumed, moved, ended, a higher limit, closing.
 */
final class QueueLock {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    <T> T locked(Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    void locked(Runnable body) {
        lock.lock();
        try {
            body.run();
        } finally {
            lock.unlock();
        }
    }

    /** Holding the lock: wakes whoever waits for a change. */
    void changed() {
        changed.signalAll();
    }

    /** Holding the lock: waits for the next change. */
    void awaitChange() {
        changed.awaitUninterruptibly();
    }

    /** Holding the lock: waits while {@code condition} holds, at most {@code limit}; false if interrupted. */
    boolean awaitWhile(BooleanSupplier condition, Duration limit) {
        long left = limit.toNanos();
        while (condition.getAsBoolean() && left > 0) {
            try {
                left = changed.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
