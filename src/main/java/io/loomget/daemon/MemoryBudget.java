package io.loomget.daemon;

import java.util.concurrent.Semaphore;

/**
 * The heap that requests being answered may hold at once, all clients together: bodies as they arrive,
 * their parsed JSON, and their answers until sent. {@code --rpc-max-request-size} bounds one body, not
 * what it costs: 2 MiB of {@code [{},{},…]} parse to some 40 MiB of maps, and a 2 MiB batch of
 * {@code system.listMethods} (which needs no token) answers 40 MiB; six such requests at once ended the
 * daemon, and every download in it, with an {@link OutOfMemoryError}. A request that would go past the
 * budget is refused as busy instead (HTTP 503, or that error over WebSocket), and what it held is freed.
 *
 * <p>Counted in KiB, reserved without waiting: a request never blocks another that holds what it needs.
 */
final class MemoryBudget {

    /** The current request's {@link Share}, where the code that builds its answer can reach it. */
    static final ScopedValue<Share> SHARE = ScopedValue.newInstance();

    /** The default: a quarter of the heap (64 MiB under the launchers' 256 MiB), the rest for the downloads. */
    static long defaultBytes() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    private final Semaphore permits;

    MemoryBudget(long bytes) {
        this.permits = new Semaphore((int) Math.clamp(bytes >> 10, 1, Integer.MAX_VALUE));
    }

    /** A new share, holding nothing yet; closing it gives back all it took. */
    Share share() {
        return new Share();
    }

    /** Takes {@code bytes} from the bound {@link #SHARE}, if any. @throws RpcError busy when the budget is spent */
    static void spend(long bytes) {
        if (SHARE.isBound()) {
            SHARE.get().take(bytes);
        }
    }

    /** What one request holds; used by one thread at a time. */
    final class Share implements AutoCloseable {
        /** Bytes taken, and the KiB permits that cover them. */
        private long bytes;
        private long held;

        /** @throws RpcError busy ({@link RpcError#busy()}) when the budget has not {@code more} bytes left */
        void take(long more) {
            long total = bytes + Math.max(0, more);
            long need = kib(total) - held; // many small takes (a body arriving byte by byte) cost their bytes, not 1 KiB each
            if (need > 0) {
                if (need > Integer.MAX_VALUE || !permits.tryAcquire((int) need)) {
                    throw RpcError.busy();
                }
                held += need;
            }
            bytes = total;
        }

        /** Gives back all but {@code keep} bytes: what the answer waiting to be sent still holds. */
        void holdOnly(long keep) {
            if (keep < bytes) {
                bytes = Math.max(0, keep);
                release(held - kib(bytes));
            }
        }

        private void release(long k) {
            held -= k;
            while (k > 0) {
                int some = (int) Math.min(k, Integer.MAX_VALUE);
                permits.release(some);
                k -= some;
            }
        }

        @Override
        public void close() {
            bytes = 0;
            release(held);
        }
    }

    private static long kib(long bytes) {
        return (bytes + 1023) >> 10;
    }
}
