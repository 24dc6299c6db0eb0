package io.loomget.internal.engine;

/**
 * A run of bytes {@code [start, end)} that one range thread fills in order. The thread claims bytes
 * before writing them; another thread may only move {@code end} down to bytes nobody has claimed
 * (work stealing), so two threads never write the same byte.
 *
 * <p>A stalled segment can be <em>hedged</em> ({@link #hedge()}): a twin segment covers the same
 * unclaimed bytes and the two race. The first of them to claim a byte wins and keeps the bytes; the
 * loser ends where it is and its thread, if it is waiting on the network, is interrupted. A thread
 * is only ever interrupted while it waits ({@link #beginWait()}), never while it writes, since an
 * interrupt closes the file channel under a write.
 */
final class Segment {

    /** Size of a segment whose total is unknown (a plain stream). */
    static final long OPEN_END = Long.MAX_VALUE;
    /** The recent pace is counted in slots of half a second, eight of them: four seconds of history. */
    private static final long SLOT_NANOS = 500_000_000L;
    private static final int RECENT_SLOTS = 8;

    private final long start;
    private long next;
    private long written;
    private long end;
    private long startedNanos;
    private long lastByteNanos;
    /** Bytes claimed per {@link #SLOT_NANOS} slot, the last {@code recent.length} slots: its recent pace. */
    private final long[] recent = new long[RECENT_SLOTS];
    /** Which slot (nanos / SLOT_NANOS) each entry of {@link #recent} counts. */
    private final long[] recentSlot = new long[RECENT_SLOTS];
    /** The most bytes it claimed in one slot: its best pace so far. */
    private long peakSlotBytes;
    /** The race with a twin while it is undecided; null otherwise. */
    private Hedge hedge;
    /** Lost a race: its thread stops without writing. */
    private boolean cancelled;
    private Thread reader;
    private boolean waiting;

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
        if (hedge != null && n > 0) {
            var race = hedge;
            var rival = race.rivalOf(this);
            if (!race.claimFor(this)) {
                lose();
                return 0;
            }
            hedge = null;
            rival.lose(); // lock order segment -> its rival is safe: a loser never locks its winner
        }
        long allowed = Math.min(n, end - next);
        next += allowed;
        if (allowed > 0) {
            lastByteNanos = System.nanoTime();
            long slot = lastByteNanos / SLOT_NANOS;
            int i = (int) Math.floorMod(slot, RECENT_SLOTS);
            if (recentSlot[i] != slot) {
                recentSlot[i] = slot;
                recent[i] = 0;
            }
            recent[i] += allowed;
            peakSlotBytes = Math.max(peakSlotBytes, recent[i]);
        }
        return allowed;
    }

    /**
     * Starts a race for the bytes not yet claimed: returns a twin covering {@code [position, end)},
     * or null when there is nothing to race for or a race is already on.
     */
    synchronized Segment hedge() {
        return hedge(false);
    }

    /**
     * Like {@link #hedge()}; a {@code trickling} segment does not win its race by delivering a byte (it
     * still does, slowly): its next byte hands the race to the twin, unless the twin has failed by then.
     */
    synchronized Segment hedge(boolean trickling) {
        if (end == OPEN_END || next >= end || hedge != null || cancelled) {
            return null;
        }
        var twin = new Segment(next, end);
        var race = new Hedge(this, twin, trickling);
        hedge = race;
        twin.hedge = race;
        return twin;
    }

    /** In a race that no one has won yet. */
    synchronized boolean isRacing() {
        return hedge != null;
    }

    /** Lost its race: its thread stops, without error, and writes nothing more. */
    synchronized boolean isCancelled() {
        return cancelled;
    }

    /**
     * This segment's thread fails for good while racing: the rival, still running, takes over the
     * bytes instead of the file failing. Returns false when there is no race to leave.
     */
    synchronized boolean withdraw() {
        if (hedge == null || !hedge.decideFor(hedge.rivalOf(this))) {
            return false;
        }
        // The rival learns at its next claim (locking it here could deadlock with that claim).
        hedge = null;
        cancelled = true;
        end = next;
        return true;
    }

    /** The rival won: end where this one is and wake its thread if it waits on the network. */
    private synchronized void lose() {
        hedge = null;
        cancelled = true;
        end = next;
        if (waiting && reader != null) {
            reader.interrupt();
        }
    }

    /**
     * The calling thread is about to wait on the network (a request, a body read, a retry's pause):
     * losing the race meanwhile interrupts it. A segment that has already lost interrupts at once.
     */
    synchronized void beginWait() {
        reader = Thread.currentThread();
        waiting = true;
        if (cancelled) {
            reader.interrupt();
        }
    }

    /** The wait is over: from here until {@link #beginWait()} the thread is never interrupted by a race. */
    synchronized void endWait() {
        waiting = false;
        if (cancelled) {
            Thread.interrupted(); // ours, not the scope's: the thread now just stops
        }
    }

    /** Seconds since this segment's thread started or last received a byte; 0 before it started. */
    synchronized double silentSeconds(long nowNanos) {
        if (startedNanos == 0) {
            return 0;
        }
        return (nowNanos - Math.max(startedNanos, lastByteNanos)) / 1e9;
    }

    /**
     * Whether it has been fetching for at least {@code seconds} and received, on average, no more than
     * {@code bytesPerSecond} ({@code --lowest-speed-limit}): a trickle, not a stall.
     */
    synchronized boolean crawling(long nowNanos, double seconds, long bytesPerSecond) {
        if (startedNanos == 0 || bytesPerSecond <= 0) {
            return false;
        }
        double elapsed = (nowNanos - startedNanos) / 1e9;
        return elapsed >= seconds && (next - start) / elapsed <= bytesPerSecond;
    }

    /**
     * Bytes it received in about the last {@code seconds} (whole half-second slots, the current one
     * included; at most four seconds back).
     */
    synchronized long recentBytes(long nowNanos, double seconds) {
        long current = nowNanos / SLOT_NANOS;
        long slots = Math.min(RECENT_SLOTS, Math.round(seconds * 1e9 / SLOT_NANOS));
        long sum = 0;
        for (int i = 0; i < RECENT_SLOTS; i++) {
            if (recentSlot[i] > current - slots && recentSlot[i] <= current) {
                sum += recent[i];
            }
        }
        return sum;
    }

    /** Seconds since its thread started; 0 before that. */
    synchronized double ageSeconds(long nowNanos) {
        return startedNanos == 0 ? 0 : (nowNanos - startedNanos) / 1e9;
    }

    /** Its best pace so far in bytes per second, over half a second. */
    synchronized double peakPace() {
        return peakSlotBytes * 1e9 / SLOT_NANOS;
    }

    /** Bytes this segment's thread has received. */
    synchronized long receivedBytes() {
        return next - start;
    }

    /** Nanoseconds from its start to its last byte: the time it spent delivering; 0 if none. */
    synchronized long deliveringNanos() {
        return startedNanos == 0 || lastByteNanos == 0 ? 0 : lastByteNanos - startedNanos;
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

    /** Two segments after the same bytes: the first to claim one wins. */
    private static final class Hedge {
        private final Segment stalled;
        private final Segment twin;
        /** The stalled one only trickles: a byte of it decides the race for the twin. */
        private final boolean favourTwin;
        private Segment winner;

        Hedge(Segment stalled, Segment twin, boolean favourTwin) {
            this.stalled = stalled;
            this.twin = twin;
            this.favourTwin = favourTwin;
        }

        Segment rivalOf(Segment s) {
            return s == stalled ? twin : stalled;
        }

        /** Makes {@code s} the winner if no one is yet; true if {@code s} is the winner. */
        synchronized boolean decideFor(Segment s) {
            if (winner == null) {
                winner = s;
            }
            return winner == s;
        }

        /** {@code s} claims a byte: it wins if no one has yet, unless it is a trickle racing its twin. */
        synchronized boolean claimFor(Segment s) {
            decideFor(favourTwin && s == stalled ? twin : s);
            return winner == s;
        }
    }

    @Override
    public synchronized String toString() {
        return "[" + start + ".." + next + ".." + (end == OPEN_END ? "?" : end) + ")";
    }
}
