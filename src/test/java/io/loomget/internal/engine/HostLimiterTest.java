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

    @Test
    void aHostGetsNoMoreSlotsThanItsLimit() throws InterruptedException {
        var limiter = new HostLimiter(2, 100);
        limiter.acquire(A);
        limiter.acquire(A);

        assertTrue(limiter.tryAcquire(A).isEmpty());
        assertTrue(limiter.tryAcquire(B).isPresent(), "another host is not held up");
    }

    @Test
    void theTotalCapsAllHostsTogetherAndAClosedPermitFreesItsSlots() throws InterruptedException {
        var limiter = new HostLimiter(10, 2);
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
        var limiter = new HostLimiter(1, 1);
        var held = limiter.acquire(A);

        assertTrue(limiter.tryAcquire(B).isEmpty());
        held.close();
        assertTrue(limiter.tryAcquire(B).isPresent(), "B's host slot was not kept by the refused attempt");
    }

    @Test
    void theHeapBudgetLeavesAReserveAndNeverGoesBelowSixteen() {
        // 448 KiB a slot: three 64 KiB buffers beyond a window and 64 KiB of the rest in use, one idle, 128 KiB of windows
        assertEquals((48 - 16) * 1024 / 448, HostLimiter.heapBudget(48L << 20), "the launcher's 48 MiB heap");
        assertEquals(16, HostLimiter.heapBudget(16L << 20));
        assertEquals(16, HostLimiter.heapBudget(17L << 20));
        assertEquals((2048 - 16) * 1024 / 448, HostLimiter.heapBudget(2048L << 20));
        assertEquals(HostLimiter.MAX_SLOTS, HostLimiter.heapBudget(64L << 30), "a 64 GiB heap: no more than the windows can count");
    }

    @Test
    void aSlotInUseTakesItsHeapFromTheWindowsAndGivesItBackWhenClosed() throws InterruptedException {
        var limiter = new HostLimiter(10, 4);
        long all = limiter.windows().available();
        var permit = limiter.acquire(A);

        assertEquals(all - HostLimiter.IN_USE, limiter.windows().available());
        permit.close();
        assertEquals(all, limiter.windows().available());
    }

    @Test
    void whileFewSlotsAreInUseWindowsAreLarger() throws InterruptedException {
        var limiter = new HostLimiter(10, 4);
        limiter.acquire(A);
        long oneInUse = limiter.windowShare(4);
        for (int i = 0; i < 3; i++) {
            limiter.acquire(A);
        }

        assertTrue(oneInUse > HostLimiter.WINDOW_PER_SLOT, oneInUse + " bytes");
        assertEquals(HostLimiter.WINDOW_PER_SLOT, limiter.windowShare(4), "every slot in use: each its own part");
    }

    @Test
    void noWindowIsLargerThanWhatIsLeftWhenEverySlotIsInUse() {
        var limiter = new HostLimiter(10, 4);
        assertEquals(4 * HostLimiter.WINDOW_PER_SLOT, limiter.windowShare(1),
                "else a window waiting could wait for ever behind slots that wait for windows");
    }
}
