package io.loomget.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Which bytes of a file are still to be fetched (aria2's segment manager): the ranges planned up
 * front, then, once those are handed out, the second half of the largest range still in flight.
 */
final class RangePlan {

    /** The smallest piece work stealing cuts off: below this a new request costs more than it saves. */
    static final long MIN_STOLEN_PIECE = 64 * 1024;

    private final Deque<Segment> pending;
    private final List<Segment> active = new ArrayList<>();
    private final boolean splittable;

    private RangePlan(List<Segment> segments, boolean splittable) {
        this.pending = new ArrayDeque<>(segments);
        this.splittable = splittable;
    }

    /** {@code size} bytes in at most {@code count} ranges of at least {@code minSize} bytes (one for a tiny file). */
    static RangePlan split(long size, int count, long minSize) {
        int n = (int) Math.max(1, Math.min(count, size / minSize));
        var segments = new ArrayList<Segment>(n);
        for (int i = 0; i < n; i++) {
            segments.add(new Segment(size * i / n, size * (i + 1) / n));
        }
        return new RangePlan(segments, true);
    }

    /** One stream from the start, of {@code size} bytes or, when -1, until the server stops. */
    static RangePlan whole(long size) {
        return new RangePlan(List.of(new Segment(0, size < 0 ? Segment.OPEN_END : size)), false);
    }

    synchronized int plannedCount() {
        return pending.size() + active.size();
    }

    /** True when {@link #next()} would hand out a range right now. */
    synchronized boolean hasWork() {
        return !pending.isEmpty() || (splittable && largestActive() != null
                && largestActive().remaining() >= 2 * MIN_STOLEN_PIECE);
    }

    /** The next range to start: a planned one, or a piece stolen from the largest in flight; null if none. */
    synchronized Segment next() {
        var segment = pending.poll();
        if (segment == null && splittable) {
            var victim = largestActive();
            segment = victim == null ? null : victim.splitOff(MIN_STOLEN_PIECE);
        }
        if (segment != null) {
            active.add(segment);
        }
        return segment;
    }

    synchronized void finished(Segment segment) {
        active.remove(segment);
    }

    /** Puts a range that could not start back in front of the queue. */
    synchronized void giveBack(Segment segment) {
        active.remove(segment);
        pending.addFirst(segment);
    }

    private Segment largestActive() {
        return active.stream().max(Comparator.comparingLong(Segment::remaining)).orElse(null);
    }
}
