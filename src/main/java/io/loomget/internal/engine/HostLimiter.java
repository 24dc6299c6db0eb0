package io.loomget.internal.engine;

import io.loomget.internal.http.Origin;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Caps the connections of a batch: to one host ({@code --max-connections-per-host}) and in all, so
 * that the connections in flight fit the heap.
 */
final class HostLimiter {

    private final int perHost;
    private final int slots;
    private final SlotCost cost;
    private final Semaphore total;
    private final ResponseWindows windows;
    private final ConcurrentHashMap<Origin, HostBudget> hosts = new ConcurrentHashMap<>();

    HostLimiter(int perHost, int total, SlotCost cost) {
        this.perHost = perHost;
        this.slots = total;
        this.cost = cost;
        this.total = new Semaphore(total);
        // Slots in use take their part from the same bytes, so that a run using fewer connections than
        // the heap allows gets larger windows (fewer requests), and one using all still gets cost.window() each.
        this.windows = new ResponseWindows(total * (cost.perConnection() - cost.pooled()), cost.buffer());
    }

    /** The limits for a run on a heap of {@code maxHeap} bytes: {@link SlotCost#slots} slots and their windows. */
    static HostLimiter forHeap(int perHost, long maxHeap, SlotCost cost) {
        return new HostLimiter(perHost, cost.slots(maxHeap), cost);
    }

    /** The run's response windows: every body is read within one (see {@link ResponseWindows}). */
    ResponseWindows windows() {
        return windows;
    }

    /**
     * The window a request asks for when {@code sharers} connections share the credit: an equal share
     * of what the slots in use leave, and never more than the credit left when every slot is in use,
     * so that a window waiting can always be served once the others are written.
     */
    long windowShare(int sharers) {
        long left = windows.total() - (long) inUse() * cost.inUse();
        return Math.clamp(left / Math.max(1, sharers), windows.minWindow(), slots * cost.window());
    }

    /** Connection slots held now, in all. */
    int inUse() {
        return slots - total.availablePermits();
    }

    /**
     * A held connection slot; closing it frees the slot. Through it a range tells the host's
     * {@link HostBudget} how its requests went.
     */
    static final class Permit implements AutoCloseable {
        private final HostLimiter limiter;
        private final HostBudget host;
        private long epoch;
        private ResponseWindows.Window inUse;
        private boolean held = true;

        private Permit(HostLimiter limiter, HostBudget host, Slot slot) {
            this.limiter = limiter;
            this.host = host;
            this.epoch = slot.epoch();
            this.inUse = slot.inUse();
        }

        /** The host answered. */
        void succeeded() {
            host.succeeded();
        }

        /** Whether other connections to the host (of any range or file) are held besides this one. */
        synchronized boolean othersInUse() {
            return host.inUse() > (held ? 1 : 0);
        }

        /**
         * The host refused this connection (and asked for {@code retryAfter}, if not empty): its budget
         * shrinks and this slot goes back, until {@link #takeAgain()} waits for one under the smaller
         * budget (and after any pause) for the retry. Returns whether this paused the whole host anew.
         */
        boolean refused(java.util.Optional<java.time.Duration> retryAfter) {
            host.refused(epoch);
            boolean paused = retryAfter.map(host::pause).orElse(false);
            close();
            return paused;
        }

        /** After {@link #refused}: waits for a slot to the same host again. */
        void takeAgain() throws InterruptedException {
            var again = limiter.slot(host);
            synchronized (this) {
                epoch = again.epoch();
                inUse = again.inUse();
                held = true;
            }
        }

        @Override
        public synchronized void close() {
            if (held) {
                inUse.close();
                limiter.total.release();
                host.release();
                held = false;
            }
        }
    }

    /** Waits for a slot to the host, then for one in all (a wait for the total never holds up another host). */
    Permit acquire(URI uri) throws InterruptedException {
        var host = budgetFor(uri);
        return new Permit(this, host, slot(host));
    }

    /** A slot taken: the host budget's epoch it was taken in, and the heap it holds while in use. */
    private record Slot(long epoch, ResponseWindows.Window inUse) {}

    private Slot slot(HostBudget host) throws InterruptedException {
        long epoch = host.acquire();
        try {
            total.acquire();
        } catch (InterruptedException e) {
            host.release();
            throw e;
        }
        try {
            return new Slot(epoch, windows.reserve(cost.inUse()));
        } catch (InterruptedException e) {
            total.release();
            host.release();
            throw e;
        }
    }

    Optional<Permit> tryAcquire(URI uri) {
        var host = budgetFor(uri);
        long epoch = host.tryAcquire();
        if (epoch < 0) {
            return Optional.empty();
        }
        if (!total.tryAcquire()) {
            host.release();
            return Optional.empty();
        }
        var inUse = windows.tryReserve(cost.inUse());
        if (inUse == null) {
            total.release();
            host.release();
            return Optional.empty();
        }
        return Optional.of(new Permit(this, host, new Slot(epoch, inUse)));
    }

    /** The host a budget is kept for, as {@code scheme://host:port} (never with credentials). */
    static String name(URI uri) {
        var origin = Origin.of(uri);
        return origin.scheme() + "://" + origin.host() + ":" + origin.port();
    }

    /** The connections the host gets right now (its learnt budget). */
    int budget(URI uri) {
        return budgetFor(uri).limit();
    }

    private HostBudget budgetFor(URI uri) {
        var origin = Origin.of(uri);
        var budget = hosts.get(origin); // the usual case, without a lambda per request
        return budget != null ? budget : hosts.computeIfAbsent(origin, k -> new HostBudget(perHost));
    }
}
