package io.loomget.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe request statistics. {@link #reset()} starts a new epoch; calls from older ones are ignored. */
final class Traffic {

    /** The request line facts a handler knows on arrival. */
    record Request(String method, String path, String range, String ifRange) {}

    private static final class Epoch {
        final AtomicInteger peak;
        final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
        final Map<String, LongAdder> bytes = new ConcurrentHashMap<>();
        final LongAdder totalBytes = new LongAdder();
        final ConcurrentSkipListMap<Long, RecordedRequest> finished = new ConcurrentSkipListMap<>();
        final java.util.Queue<Request> arrived = new java.util.concurrent.ConcurrentLinkedQueue<>();

        Epoch(int inFlight) {
            peak = new AtomicInteger(inFlight);
        }
    }

    private final AtomicLong arrivals = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object idle = new Object();
    private volatile Epoch epoch = new Epoch(0);

    Call arrive(Request request) {
        var e = epoch;
        e.peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        e.requests.computeIfAbsent(request.path(), p -> new AtomicInteger()).incrementAndGet();
        e.arrived.add(request);
        return new Call(arrivals.incrementAndGet(), e, request);
    }

    void reset() {
        epoch = new Epoch(inFlight.get());
    }

    List<RecordedRequest> requests() {
        return List.copyOf(epoch.finished.values());
    }

    List<Request> arrived() {
        return List.copyOf(epoch.arrived);
    }

    int requestCount(String path) {
        var n = epoch.requests.get(path);
        return n == null ? 0 : n.get();
    }

    long bytesSent(String path) {
        var n = epoch.bytes.get(path);
        return n == null ? 0 : n.sum();
    }

    long bytesSent() {
        return epoch.totalBytes.sum();
    }

    int maxConcurrent() {
        return epoch.peak.get();
    }

    int inFlight() {
        return inFlight.get();
    }

    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idle.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** One exchange in progress; confined to its handler thread. */
    final class Call {
        private final long sequence;
        private final Epoch epoch;
        private final Request request;
        private final LongAdder pathBytes;
        private int status;
        private long bodyBytes;
        private boolean finished;

        private Call(long sequence, Epoch epoch, Request request) {
            this.sequence = sequence;
            this.epoch = epoch;
            this.request = request;
            this.pathBytes = epoch.bytes.computeIfAbsent(request.path(), p -> new LongAdder());
        }

        void status(int status) {
            this.status = status;
        }

        void sent(long n) {
            bodyBytes += n;
            pathBytes.add(n);
            epoch.totalBytes.add(n);
        }

        /**
         * Ends the exchange for the statistics. Idempotent. Called just before the last byte leaves,
         * so a client that has the whole response also sees it recorded.
         */
        void finish() {
            if (finished) {
                return;
            }
            finished = true;
            epoch.finished.put(sequence, new RecordedRequest(request.method(), request.path(),
                    request.range(), request.ifRange(), status, bodyBytes));
            if (inFlight.decrementAndGet() == 0) {
                synchronized (idle) {
                    idle.notifyAll();
                }
            }
        }
    }
}
