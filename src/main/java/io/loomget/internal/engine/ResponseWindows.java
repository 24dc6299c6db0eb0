package io.loomget.internal.engine;

import io.loomget.internal.http.BodyChunks;
import java.util.concurrent.Semaphore;

/**
 * The response bytes a run may have asked for and not yet written, shared by all its connections:
 * every body is read within a window reserved here, and gives it back as its bytes are written.
 *
 * <p>Why a window per request: the JDK client reads a connection ahead of what its body subscriber
 * asked for, by more and more on a long response (its receiver can ask the socket for another read
 * while a read of several buffers is still being handed over; each time one more read stays
 * outstanding). On 1 GiB over 16 connections that queued 1.7–2.9 MiB per connection and exhausted the
 * heap. Only the end of a response stops it, so each range request asks for at most its window: the
 * client can then hold no more than the window's unwritten bytes, in a few partly filled buffers.
 * A server that ignores ranges sends a file as one stream, which no window bounds.
 */
final class ResponseWindows {

    private final int total;
    private final long minWindow;
    /** Fair, so that a large window waiting is not passed for ever by small ones. */
    private final Semaphore free;

    /** @param minWindow the smallest window a request is sized to: one client read buffer */
    ResponseWindows(long bytes, long minWindow) {
        this.minWindow = minWindow;
        this.total = (int) Math.clamp(bytes, minWindow, Integer.MAX_VALUE);
        this.free = new Semaphore(total, true);
    }

    /** The smallest window a request is sized to. */
    long minWindow() {
        return minWindow;
    }

    /** The whole credit. */
    long total() {
        return total;
    }

    /** Waits until {@code bytes} (at most the whole credit) are free and reserves them. */
    Window reserve(long bytes) throws InterruptedException {
        int size = (int) Math.clamp(bytes, 0, total);
        free.acquire(size);
        return new Window(size);
    }

    /** Reserves {@code bytes} if they are free now, ahead of any reservation waiting; null if not. */
    Window tryReserve(long bytes) {
        int size = (int) Math.clamp(bytes, 0, total);
        return free.tryAcquire(size) ? new Window(size) : null;
    }

    /** Bytes no window holds now. */
    long available() {
        return free.availablePermits();
    }

    /** Requests waiting for their window now. */
    int waiting() {
        return free.getQueueLength();
    }

    /** One response's reserved bytes; they go back as they are written, and whatever is left on close. */
    final class Window implements BodyChunks.Credit {
        private final long size;
        private long held;

        private Window(long size) {
            this.size = size;
            this.held = size;
        }

        long size() {
            return size;
        }

        @Override
        public synchronized void release(long bytes) {
            long back = Math.min(bytes, held);
            held -= back;
            free.release((int) back);
        }

        @Override
        public void close() {
            release(Long.MAX_VALUE);
        }
    }
}
