package io.loomget.internal.engine;

/**
 * A run of bytes {@code [start, end)} that one range thread fills in order. The thread claims bytes
 * before writing them; another thread may only move {@code end} down to bytes nobody has claimed
 * (work stealing), so two threads never write the same byte.
 */
final class Segment {

    /** Size of a segment whose total is unknown (a plain stream). */
    static final long OPEN_END = Long.MAX_VALUE;

    private final long start;
    private long next;
    private long written;
    private long end;
    private long startedNanos;

    Segment(long start, long end) {
        if (end < start) {
            throw new IllegalArgumentException("segment " + start + ".." + end);
        }
        this.start = start;
        this.next = start;
        this.written = start;
        this.end = end;
    }

    /** A segment whose bytes are all on disk already (resumed from a state file). */
    static Segment done(long start, long end) {
        var s = new Segment(start, end);
        s.next = end;
        s.written = end;
        return s;
    }

    long start() {
        return start;
    }

    /** The first byte not yet claimed: where the next request of this segment starts. */
    synchronized long position() {
        return next;
    }

    synchronized long end() {
        return end;
    }

    synchronized long remaining() {
        return end - next;
    }

    synchronized boolean isComplete() {
        return next >= end;
    }

    /** Claims up to {@code n} bytes at {@link #position()}; returns how many still belong to this segment. */
    synchronized long claim(long n) {
        long allowed = Math.min(n, end - next);
        next += allowed;
        return allowed;
    }

    /** Its thread begins to fetch: the clock for {@link #secondsToFinish} starts. */
    synchronized void started(long nowNanos) {
        if (startedNanos == 0) {
            startedNanos = nowNanos;
        }
    }

    /**
     * How long this segment still needs at the speed it has had so far; infinite when it has
     * delivered nothing for a while, NaN while it is too young to tell.
     */
    synchronized double secondsToFinish(long nowNanos) {
        if (startedNanos == 0 || end == OPEN_END) {
            return Double.NaN;
        }
        double seconds = (nowNanos - startedNanos) / 1e9;
        long done = written - start;
        if (seconds < 0.2) {
            return Double.NaN;
        }
        return done == 0 ? Double.POSITIVE_INFINITY : (end - next) / (done / seconds);
    }

    /** Bytes up to {@code position} are on disk: resume state may count them. */
    synchronized void writtenUpTo(long position) {
        written = position;
    }

    /** The first byte not yet on disk; {@code [start, written)} is. */
    synchronized long written() {
        return written;
    }

    /** Goes back to {@code position} after a failed write or attempt, to fetch those bytes again. */
    synchronized void rewindTo(long position) {
        if (position < start || position > next) {
            throw new IllegalArgumentException("rewind to " + position);
        }
        next = position;
        written = Math.min(written, position);
    }

    /** The stream ended here: for a segment of unknown length, this is its end. */
    synchronized void endHere() {
        end = next;
    }

    /**
     * Gives away the second half of what is left, when both halves are at least {@code minPiece}:
     * this segment then ends at the middle and the returned one covers the rest.
     */
    synchronized Segment splitOff(long minPiece) {
        if (end == OPEN_END || end - next < 2 * minPiece) {
            return null;
        }
        long middle = next + (end - next) / 2;
        var rest = new Segment(middle, end);
        end = middle;
        return rest;
    }

    @Override
    public synchronized String toString() {
        return "[" + start + ".." + next + ".." + (end == OPEN_END ? "?" : end) + ")";
    }
}
