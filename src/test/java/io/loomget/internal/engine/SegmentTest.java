package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # behaviour (segment 0-100)                                       | claimed | written | rewind to | position | written after
            rewind goes back to fetch bytes again and forgets them as written | 60      | 60      | 40        | 40       | 40
            rewind keeps written when it is behind the position               | 60      | 20      | 40        | 40       | 20
            """)
    void rewindMovesThePositionBackAndWrittenNoFurtherThanIt(String behaviour, long claimed, long written, long rewindTo,
            long position, long writtenAfter) {
        var s = new Segment(0, 100);
        s.claim(claimed);
        s.writtenUpTo(written);
        s.rewindTo(rewindTo);
        assertEquals(position, s.position());
        assertEquals(writtenAfter, s.written());
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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # behaviour (nothing written)                               | started at s | asked at s | seconds to finish
            time to finish is unknown before the segment started        | -            | 5          | NaN
            time to finish is unknown while the segment is young        | 1            | 1.1        | NaN
            time to finish is infinite when nothing arrived for a while | 1            | 3          | Infinity
            """)
    void timeToFinishBeforeAnyBytesArrived(String behaviour, Double startedAt, double askedAt, double expected) {
        var s = new Segment(0, 100);
        if (startedAt != null) {
            s.started(nanos(startedAt));
        }
        assertEquals(expected, s.secondsToFinish(nanos(askedAt)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # behaviour (segment 0-300, started at 1 s, 100 B written by 3 s) | started again at s
            time to finish is what is left at the speed so far                | -
            started keeps the first start time                                | 2
            """)
    void timeToFinishIsWhatIsLeftAtTheSpeedSinceTheFirstStart(String behaviour, Long startedAgainAt) {
        var s = new Segment(0, 300);
        s.started(SECOND);
        if (startedAgainAt != null) {
            s.started(startedAgainAt * SECOND);
        }
        s.claim(100);
        s.writtenUpTo(100); // 100 bytes in 2 s: 50 B/s, 200 left
        assertEquals(4.0, s.secondsToFinish(3 * SECOND), 1e-9);
    }

    private static long nanos(double seconds) {
        return Math.round(seconds * SECOND);
    }
}
