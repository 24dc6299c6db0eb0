package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A stalled segment and its hedge race for the same bytes: the first to claim one keeps them all. */
class SegmentHedgeTest {

    @Test
    void theHedgeCoversTheStalledSegmentsRestFromItsFirstUnclaimedByte() {
        var stalled = new Segment(1000, 2000);
        stalled.claim(50);

        var twin = stalled.hedge();

        assertEquals(1050, twin.start());
        assertEquals(2000, twin.end());
        assertTrue(stalled.isRacing());
        assertNull(stalled.hedge(), "one race at a time");
    }

    @Test
    void whenTheHedgeDeliversFirstTheStalledSegmentEndsWhereItIsAndIsCancelled() {
        var stalled = new Segment(0, 1000);
        stalled.claim(100);
        var twin = stalled.hedge();

        assertEquals(300, twin.claim(300));

        assertTrue(stalled.isComplete(), "it ends at its first unclaimed byte");
        assertEquals(100, stalled.end());
        assertTrue(stalled.isCancelled());
        assertEquals(0, stalled.claim(10), "a late byte of the loser is never written");
        assertFalse(twin.isRacing());
    }

    @Test
    void whenTheStalledSegmentResumesFirstTheHedgeLosesWithoutAByte() {
        var stalled = new Segment(0, 1000);
        var twin = stalled.hedge();

        assertEquals(10, stalled.claim(10));

        assertTrue(twin.isCancelled());
        assertTrue(twin.isComplete());
        assertEquals(0, twin.claim(10));
        assertEquals(1000, stalled.end());
    }

    @Test
    void aContenderThatFailsForGoodLeavesTheBytesToItsRival() {
        var stalled = new Segment(0, 1000);
        var twin = stalled.hedge();

        assertTrue(stalled.withdraw());

        assertTrue(stalled.isComplete());
        assertEquals(1000, twin.claim(1000));
    }

    @Test
    void theStallBarIsTheFloorWhileNoSiblingHasAPace() {
        var plan = RangePlan.split(8L << 20, 8, 1 << 20);
        var a = plan.next();
        assertEquals(RangePlan.STALL_FLOOR.toNanos() / 1e9, plan.stallSeconds(a), 1e-9, "no sibling pace yet");
    }

    /** One range of 60,000 bytes (too small to split) that has trickled 1,000 bytes in five seconds. */
    private static Segment trickling(RangePlan plan) {
        var segment = plan.next();
        segment.started(System.nanoTime() - 5_000_000_000L);
        segment.claim(1000);
        segment.writtenUpTo(1000);
        return segment;
    }

    @Test
    void aRangeNoFasterThanTheLowestSpeedLimitIsHedgedFromItsFirstMissingByte() {
        var plan = RangePlan.split(60_000, 1, 1 << 20).lowestSpeed(10_000);
        trickling(plan);

        var hedge = plan.next();

        assertEquals(1000, hedge.start(), "the rest, raced on a fresh connection");
        assertEquals(60_000, hedge.end());
    }

    @Test
    void withoutALowestSpeedLimitATrickleThatStillDeliversIsLeftAlone() {
        var plan = RangePlan.split(60_000, 1, 1 << 20);
        trickling(plan);

        assertEquals(null, plan.next());
    }

    @Test
    void aTricklingSegmentsNextByteHandsTheRaceToItsTwin() {
        var trickling = new Segment(0, 1000);
        trickling.claim(100);
        var twin = trickling.hedge(true);

        assertEquals(0, trickling.claim(1), "its late byte is not written");

        assertTrue(trickling.isCancelled());
        assertEquals(100, trickling.end());
        assertEquals(900, twin.claim(900));
    }

    @Test
    void aTwinThatFailsForGoodLeavesTheBytesToTheTricklingSegment() {
        var trickling = new Segment(0, 1000);
        var twin = trickling.hedge(true);

        assertTrue(twin.withdraw());

        assertEquals(1000, trickling.claim(1000));
    }
}
