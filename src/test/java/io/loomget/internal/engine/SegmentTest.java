package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A segment's bookkeeping: claims, rewinds, work stealing and its own estimate of time left. */
class SegmentTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void endBeforeStartIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Segment(10, 9));
    }

    @Test
    void newSegmentStartsWithNothingClaimedOrWritten() {
        var s = new Segment(100, 200);
        assertEquals(100, s.position());
        assertEquals(100, s.written());
        assertEquals(100, s.remaining());
        assertFalse(s.isComplete());
    }

    @Test
    void claimMovesThePositionByWhatWasClaimed() {
        var s = new Segment(0, 100);
        assertEquals(30, s.claim(30));
        assertEquals(30, s.position());
        assertEquals(70, s.remaining());
    }

    @Test
    void claimNeverGoesPastTheEnd() {
        var s = new Segment(0, 100);
        s.claim(90);
        assertEquals(10, s.claim(50));
        assertEquals(0, s.claim(1));
        assertTrue(s.isComplete());
    }

    @Test
    void doneSegmentIsCompleteAndWritten() {
        var s = Segment.done(5, 50);
        assertTrue(s.isComplete());
        assertEquals(50, s.written());
        assertEquals(0, s.remaining());
    }

    @Test
    void rewindGoesBackToFetchBytesAgainAndForgetsThemAsWritten() {
        var s = new Segment(0, 100);
        s.claim(60);
        s.writtenUpTo(60);
        s.rewindTo(40);
        assertEquals(40, s.position());
        assertEquals(40, s.written());
    }

    @Test
    void rewindKeepsWrittenWhenItIsBehindThePosition() {
        var s = new Segment(0, 100);
        s.claim(60);
        s.writtenUpTo(20);
        s.rewindTo(40);
        assertEquals(20, s.written());
    }

    @Test
    void rewindOutsideClaimedBytesIsRejected() {
        var s = new Segment(10, 100);
        s.claim(20);
        assertThrows(IllegalArgumentException.class, () -> s.rewindTo(9));
        assertThrows(IllegalArgumentException.class, () -> s.rewindTo(31));
    }

    @Test
    void splitOffGivesAwayTheSecondHalfOfWhatIsLeft() {
        var s = new Segment(0, 100);
        s.claim(20);
        var rest = s.splitOff(10);
        assertNotNull(rest);
        assertEquals(60, s.end());
        assertEquals(60, rest.start());
        assertEquals(100, rest.end());
        assertEquals(60, rest.position());
    }

    @Test
    void splitOffRefusesWhenAHalfWouldBeSmallerThanTheMinimum() {
        var s = new Segment(0, 100);
        s.claim(81); // 19 left: halves of 9 and 10
        assertNull(s.splitOff(10));
        assertEquals(100, s.end());
    }

    @Test
    void openEndedSegmentIsNeverSplit() {
        assertNull(new Segment(0, Segment.OPEN_END).splitOff(1));
    }

    @Test
    void endHereMakesTheStreamsEndTheSegmentsEnd() {
        var s = new Segment(0, Segment.OPEN_END);
        s.claim(1234);
        s.endHere();
        assertEquals(1234, s.end());
        assertTrue(s.isComplete());
    }

    @Test
    void timeToFinishIsUnknownBeforeTheSegmentStarted() {
        assertTrue(Double.isNaN(new Segment(0, 100).secondsToFinish(5 * SECOND)));
    }

    @Test
    void timeToFinishIsUnknownWhileTheSegmentIsYoung() {
        var s = new Segment(0, 100);
        s.started(SECOND);
        assertTrue(Double.isNaN(s.secondsToFinish(SECOND + SECOND / 10)));
    }

    @Test
    void timeToFinishIsInfiniteWhenNothingArrivedForAWhile() {
        var s = new Segment(0, 100);
        s.started(SECOND);
        assertEquals(Double.POSITIVE_INFINITY, s.secondsToFinish(3 * SECOND));
    }

    @Test
    void timeToFinishIsWhatIsLeftAtTheSpeedSoFar() {
        var s = new Segment(0, 300);
        s.started(SECOND);
        s.claim(100);
        s.writtenUpTo(100); // 100 bytes in 2 s: 50 B/s, 200 left
        assertEquals(4.0, s.secondsToFinish(3 * SECOND), 1e-9);
    }

    @Test
    void startedKeepsTheFirstStartTime() {
        var s = new Segment(0, 300);
        s.started(SECOND);
        s.started(2 * SECOND);
        s.claim(100);
        s.writtenUpTo(100);
        assertEquals(4.0, s.secondsToFinish(3 * SECOND), 1e-9);
    }
}
