package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Connection slots: per host, and in all so that the connections in flight fit the heap. */
class HostLimiterTest {

    private static final URI A = URI.create("http://a.example/f");
    private static final URI B = URI.create("http://b.example/f");
    private static final URI C = URI.create("http://c.example/f");
    private static final SlotCost COST = new SlotCost(64 * 1024);

    @Test
    void aHostGetsNoMoreSlotsThanItsLimit() throws InterruptedException {
        var limiter = new HostLimiter(2, 100, COST);
        limiter.acquire(A);
        limiter.acquire(A);

        assertTrue(limiter.tryAcquire(A).isEmpty());
        assertTrue(limiter.tryAcquire(B).isPresent(), "another host is not held up");
    }

    @Test
    void theTotalCapsAllHostsTogetherAndAClosedPermitFreesItsSlots() throws InterruptedException {
        var limiter = new HostLimiter(10, 2, COST);
        var first = limiter.acquire(A);
        limiter.acquire(B);

        assertTrue(limiter.tryAcquire(C).isEmpty(), "two connections in all");
        first.close();
        first.close(); // twice is harmless
        assertTrue(limiter.tryAcquire(C).isPresent());
        assertTrue(limiter.tryAcquire(A).isEmpty());
    }

    @Test
    void aRefusedTotalSlotGivesTheHostSlotBack() throws InterruptedException {
        var limiter = new HostLimiter(1, 1, COST);
        var held = limiter.acquire(A);

        assertTrue(limiter.tryAcquire(B).isEmpty());
        held.close();
        assertTrue(limiter.tryAcquire(B).isPresent(), "B's host slot was not kept by the refused attempt");
    }

    @Test
    void theHeapBudgetLeavesAReserveAndNeverGoesBelowSixteen() {
        // 528 KiB a slot: three 64 KiB buffers beyond a window, 64 KiB of exchange and 80 of TLS in use, one idle, 128 KiB of windows
        assertEquals(528 * 1024, COST.perConnection());
        assertEquals((46 - 16) * 1024 / 528, COST.slots(46L << 20), "the launcher's 48 MiB heap, 46 MiB usable");
        assertEquals(16, COST.slots(16L << 20));
        assertEquals(16, COST.slots(17L << 20));
        assertEquals((2048 - 16) * 1024 / 528, COST.slots(2048L << 20));
        assertEquals(COST.maxSlots(), COST.slots(64L << 30), "a 64 GiB heap: no more than the windows can count");
    }

    @Test
    void aSmallerReadBufferMakesASlotCheaperSoTheSameHeapHasMore() {
        // 16 KiB buffers: 48 KiB of buffers, 64 of exchange and 80 of TLS in use, 16 KiB idle, 32 KiB of windows
        var small = new SlotCost(16 * 1024);

        assertEquals(240 * 1024, small.perConnection());
        assertEquals(128, small.slots(46L << 20));
    }

    @Test
    void aSlotInUseTakesItsHeapFromTheWindowsAndGivesItBackWhenClosed() throws InterruptedException {
        var limiter = new HostLimiter(10, 4, COST);
        long all = limiter.windows().available();
        var permit = limiter.acquire(A);

        assertEquals(all - COST.inUse(), limiter.windows().available());
        permit.close();
        assertEquals(all, limiter.windows().available());
    }

    @Test
    void whileFewSlotsAreInUseWindowsAreLarger() throws InterruptedException {
        var limiter = new HostLimiter(10, 4, COST);
        limiter.acquire(A);
        long oneInUse = limiter.windowShare(4);
        for (int i = 0; i < 3; i++) {
            limiter.acquire(A);
        }

        assertTrue(oneInUse > COST.window(), oneInUse + " bytes");
        assertEquals(COST.window(), limiter.windowShare(4), "every slot in use: each its own part");
    }

    @Test
    void noWindowIsLargerThanWhatIsLeftWhenEverySlotIsInUse() {
        var limiter = new HostLimiter(10, 4, COST);
        assertEquals(4 * COST.window(), limiter.windowShare(1),
                "else a window waiting could wait for ever behind slots that wait for windows");
    }
}
