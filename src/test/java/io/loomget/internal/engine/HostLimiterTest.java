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
        // 448 KiB a slot: five 64 KiB buffers in flight (BodyChunks.PER_CONNECTION), one idle, 64 KiB of the rest
        assertEquals((48 - 16) * 1024 / 448, HostLimiter.heapBudget(48L << 20), "the launcher's 48 MiB heap");
        assertEquals(16, HostLimiter.heapBudget(16L << 20));
        assertEquals(16, HostLimiter.heapBudget(17L << 20));
        assertEquals((4096 - 16) * 1024 / 448, HostLimiter.heapBudget(4096L << 20));
    }
}
