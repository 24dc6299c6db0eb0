package io.loomget.internal.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Which bytes of a file are still to be fetched (aria2's segment manager): the ranges planned up
 * front, then, once those are handed out, the second half of the largest range still in flight,
 * then a hedge for a range that has stalled or trickles.
 *
 * <p>The stall rule: a range in flight is <em>stalled</em> when it has received nothing for
 * {@link #STALL_FLOOR} and for longer than its sibling ranges, at their own average speed in this
 * run, need to receive {@link #STALL_BYTES}. Its unclaimed rest is then fetched again on a fresh
 * connection from its first missing byte, and the first of the two connections to deliver a byte
 * keeps the range (see {@link Segment#hedge()}). A range that still delivers, but only a trickle (see
 * {@link #trickling}), is raced the same way, except that its own next byte hands the race to the fresh
 * connection. A hedge may run beyond the file's connection count, one at a time, so that a file of one
 * range is hedged too. Stealing alone cannot help here: it never cuts a
 * range below {@code 2 × MIN_STOLEN_PIECE}, and that last piece would wait for the idle timeout.
 */
final class RangePlan {

    /** The smallest piece work stealing cuts off: below this a new request costs more than it saves. */
    static final long MIN_STOLEN_PIECE = 32 * 1024;
    /**
     * A range is only split when, at its own speed, it would need longer than this to finish: a
     * fast range ends before a new request would pay off, and cutting it throws away the bytes
     * already on their way and its kept-alive connection.
     */
    static final double STEAL_WHEN_SECONDS_LEFT = 0.5;

    /** No range counts as stalled before this much silence: a pause of a second or two is normal. */
    static final java.time.Duration STALL_FLOOR = java.time.Duration.ofSeconds(3);
    /**
     * A silence counts as a stall only when the siblings would have received this much meanwhile:
     * on a slow link every connection pauses longer, and hedging would only add requests.
     */
    static final long STALL_BYTES = 256 * 1024;
    /** A range trickles when it receives less than this fraction of its expected bytes (see {@link #trickling}). */
    static final int TRICKLE_RATIO = 16;

    private final Deque<Segment> pending;
    private final List<Segment> active = new ArrayList<>();
    /** Every segment ever planned, stolen or resumed: together they say which bytes are on disk. */
    private final List<Segment> all = new ArrayList<>();
    private final boolean splittable;
    /** {@code --lowest-speed-limit}: a range slower than this on average counts as stalled; 0 for none. */
    private long lowestSpeed;

    private RangePlan(List<Segment> segments, boolean splittable) {
        this.pending = new ArrayDeque<>(segments);
        this.all.addAll(segments);
        this.splittable = splittable;
    }

    /** {@code size} bytes in at most {@code count} ranges of at least {@code minSize} bytes (one for a tiny file). */
    static RangePlan split(long size, int count, long minSize) {
        return split(size, count, minSize, 0);
    }

    /**
     * Like {@link #split(long, int, long)}, when the probe already fetches {@code [0, head)}: the whole
     * file is cut into up to {@code count} ranges, the head comes first, and the rest of the range the
     * head started goes last. The probe's connection is the last to be free, so it gets the smallest
     * share, and every connection carries about the same number of bytes.
     */
    static RangePlan split(long size, int count, long minSize, long head) {
        long from = Math.min(head, size);
        int n = (int) Math.max(1, Math.min(count, size / minSize));
        var segments = new ArrayList<Segment>();
        Segment headRest = null;
        long start = from;
        for (int i = 0; i < n; i++) {
            long end = size * (i + 1) / n;
            if (end <= start) {
                continue; // the head covers this range
            }
            if (start == from && from > 0 && i < n - 1 && end - start < minSize) {
                continue; // too small a rest of the head's range: the next range starts at the head instead
            }
            var range = new Segment(start, end);
            if (start == from && from > size * i / n) {
                headRest = range;
            } else {
                segments.add(range);
            }
            start = end;
        }
        if (headRest != null) {
            segments.add(headRest);
        }
        if (from > 0) {
            segments.addFirst(new Segment(0, from));
        } else if (segments.isEmpty()) {
            segments.add(new Segment(0, 0)); // an empty file is one (empty) range
        }
        return new RangePlan(segments, true);
    }

    /**
     * The bytes of a {@code size}-byte file that {@code done} (sorted, disjoint {@code [start, end)}
     * runs already on disk) lacks, cut into about {@code count} ranges of at least {@code minSize}.
     */
    static RangePlan resume(long size, List<long[]> done, int count, long minSize) {
        var missing = new ArrayList<long[]>();
        long cursor = 0;
        for (var run : done) {
            if (run[0] > cursor) {
                missing.add(new long[] {cursor, run[0]});
            }
            cursor = Math.max(cursor, run[1]);
        }
        if (cursor < size) {
            missing.add(new long[] {cursor, size});
        }
        long total = missing.stream().mapToLong(r -> r[1] - r[0]).sum();
        long piece = Math.max(minSize, total / Math.max(1, count));
        var segments = new ArrayList<Segment>();
        for (var run : missing) {
            long length = run[1] - run[0];
            int parts = (int) Math.max(1, Math.min(count, length / piece));
            for (int i = 0; i < parts; i++) {
                segments.add(new Segment(run[0] + length * i / parts, run[0] + length * (i + 1) / parts));
            }
        }
        var plan = new RangePlan(segments, true);
        for (var run : done) {
            plan.all.add(Segment.done(run[0], run[1]));
        }
        return plan;
    }

    /** Bytes on disk in all segments (resumed ones included). */
    synchronized long doneBytes() {
        long done = 0;
        for (var segment : all) {
            done += Math.max(0, segment.written() - segment.start());
        }
        return done;
    }

    /** The runs {@code [start, end)} whose bytes are on disk, sorted and merged. */
    synchronized List<long[]> doneRuns() {
        var runs = all.stream()
                .map(s -> new long[] {s.start(), s.written()})
                .filter(r -> r[1] > r[0])
                .sorted(Comparator.comparingLong(r -> r[0]))
                .toList();
        var merged = new ArrayList<long[]>();
        for (var r : runs) {
            var last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && r[0] <= last[1]) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(r.clone());
            }
        }
        return merged;
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
        long now = System.nanoTime();
        return !pending.isEmpty() || slowest(now) != null || lagging(now) != null;
    }

    /**
     * The next range to start: a planned one, the second half of the slowest one in flight, or a
     * hedge racing a stalled one; null if none.
     */
    synchronized Segment next() {
        long now = System.nanoTime();
        var segment = pending.poll();
        if (segment == null) {
            var victim = slowest(now);
            segment = victim == null ? null : victim.splitOff(MIN_STOLEN_PIECE);
        }
        if (segment == null) {
            return hedgeFor(lagging(now));
        }
        active.add(segment);
        if (!all.contains(segment)) {
            all.add(segment);
        }
        return segment;
    }

    /** The range in flight that would finish last, when it is worth splitting. */
    private Segment slowest(long now) {
        if (!splittable) {
            return null;
        }
        Segment victim = null;
        double longest = STEAL_WHEN_SECONDS_LEFT;
        for (var s : active) {
            if (s.isRacing()) {
                continue; // its end stays put until the race is decided
            }
            double left = s.secondsToFinish(now);
            if (left > longest && s.remaining() >= 2 * MIN_STOLEN_PIECE) {
                victim = s;
                longest = left;
            }
        }
        return victim;
    }

    /** With {@code --lowest-speed-limit}: a range no faster than this, on average, is treated as stalled. */
    synchronized RangePlan lowestSpeed(long bytesPerSecond) {
        lowestSpeed = bytesPerSecond;
        return this;
    }

    /** True when {@link #nextHedge()} would hand out a hedge right now. */
    synchronized boolean hasHedge() {
        return lagging(System.nanoTime()) != null;
    }

    /** A hedge racing a stalled or trickling range, and nothing else; null if none lags. */
    synchronized Segment nextHedge() {
        return hedgeFor(lagging(System.nanoTime()));
    }

    private Segment hedgeFor(Lagging lagging) {
        if (lagging == null) {
            return null;
        }
        var twin = lagging.segment().hedge(lagging.trickling());
        if (twin != null) {
            active.add(twin);
            all.add(twin);
        }
        return twin;
    }

    /** A range in flight that lags; {@code trickling} when it still delivers, only far too slowly. */
    private record Lagging(Segment segment, boolean trickling) {}

    /**
     * The range in flight that has been silent longest, when it counts as stalled (see the class
     * comment); else one that trickles (see {@link #trickling}) or crawls below {@code --lowest-speed-limit}.
     */
    private Lagging lagging(long now) {
        if (!splittable) {
            return null;
        }
        Segment victim = null;
        double longest = 0;
        Segment crawler = null;
        for (var s : active) {
            if (s.isRacing() || s.isCancelled() || s.remaining() <= 0) {
                continue;
            }
            double silent = s.silentSeconds(now);
            if (silent > longest && silent >= stallSeconds(s)) {
                victim = s;
                longest = silent;
            } else if (crawler == null && (s.crawling(now, STALL_FLOOR.toNanos() / 1e9, lowestSpeed) || trickling(s, now))) {
                crawler = s;
            }
        }
        return victim != null ? new Lagging(victim, false) : crawler != null ? new Lagging(crawler, true) : null;
    }

    /**
     * The default trickle rule: over the last {@link #STALL_FLOOR} a range received less than
     * {@link #STALL_BYTES}, and less than {@code 1/TRICKLE_RATIO} of what its own best pace or its
     * siblings' pace would have brought, when that would have been at least a quarter of it. A
     * server that sends a little and then a byte now and then never falls silent, so the stall rule
     * alone would wait for it; a link that is slow for every connection is left alone. A fresh
     * connection is only judged after {@code STALL_FLOOR} of its own, so a server that trickles every
     * answer after a fast start (nginx's {@code limit_rate_after}) is asked at most once per window.
     */
    private boolean trickling(Segment segment, long now) {
        double window = STALL_FLOOR.toNanos() / 1e9;
        if (segment.ageSeconds(now) < window) {
            return false;
        }
        long recent = segment.recentBytes(now, window);
        double expected = Math.max(segment.peakPace(), siblingPace(segment)) * window;
        return expected >= STALL_BYTES / 4 && recent < STALL_BYTES && recent * TRICKLE_RATIO < expected;
    }

    /** How long {@code segment} must be silent to count as stalled: the floor, or longer on a slow link. */
    synchronized double stallSeconds(Segment segment) {
        double floor = STALL_FLOOR.toNanos() / 1e9;
        double pace = siblingPace(segment);
        return pace == 0 ? floor : Math.max(floor, STALL_BYTES / pace); // 0: no sibling has a pace to compare with
    }

    /** The other ranges' average pace in bytes per second while they delivered; 0 if none has one. */
    private double siblingPace(Segment segment) {
        long bytes = 0;
        long nanos = 0;
        for (var s : all) {
            long delivering = s.deliveringNanos();
            if (s != segment && delivering > 0) { // resumed runs came in an earlier run: no pace
                bytes += s.receivedBytes();
                nanos += delivering;
            }
        }
        return bytes == 0 || nanos == 0 ? 0 : bytes / (nanos / 1e9);
    }

    synchronized void finished(Segment segment) {
        active.remove(segment);
    }

}
