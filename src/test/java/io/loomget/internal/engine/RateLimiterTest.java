package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.testsupport.Poll;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared byte budget. Whether {@code acquire} waits is seen without a clock: a thread whose
 * interrupt flag is set returns at once from an acquire that does not sleep and gets
 * {@link InterruptedException} from one that does.
 */
@Timeout(30)
class RateLimiterTest {

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void unlimitedNeverWaits() throws InterruptedException {
        Thread.currentThread().interrupt();
        RateLimiter.UNLIMITED.acquire(Long.MAX_VALUE / 2);
        RateLimiter.UNLIMITED.acquire(Long.MAX_VALUE / 2);
    }

    @Test
    void aQuarterSecondOfBytesGoesThroughWithoutWaiting() throws InterruptedException {
        var limiter = new RateLimiter(1_000_000);
        Thread.currentThread().interrupt();
        limiter.acquire(250_000);
    }

    @Test
    void bytesBookedBeyondTheBurstWait() throws InterruptedException {
        var limiter = new RateLimiter(1_000);
        limiter.acquire(10_000); // ten seconds of budget booked at once: the next bytes must wait
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> limiter.acquire(1));
    }

    @Test
    void budgetIsSharedByEveryCaller() throws Exception {
        var limiter = new RateLimiter(1_000);
        var other = Thread.ofVirtual().start(() -> {
            try {
                limiter.acquire(10_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        other.join();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> limiter.acquire(1));
    }

    @Test
    void aWriterWaitingAtTheOldLimitGoesOnWhenTheLimitChanges() throws Exception {
        var limiter = new RateLimiter(1_000);
        limiter.acquire(1_000_000); // a thousand seconds booked: the next bytes wait that long
        var waiter = Thread.ofVirtual().start(() -> {
            try {
                limiter.acquire(1);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        Poll.await("the writer waiting", Duration.ofSeconds(10), () -> waiter.getState() == Thread.State.TIMED_WAITING);

        limiter.rate(0);

        assertTrue(waiter.join(Duration.ofSeconds(10)), "still waiting at the old limit"); // a hang guard
    }

    @Test
    @Tag("timing")
    void longRunRateIsTheLimit() throws InterruptedException {
        var limiter = new RateLimiter(400_000);
        long start = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            limiter.acquire(10_000); // 400 kB: 1 s of budget, less the quarter-second burst
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds >= 0.7 && seconds < 2.0, "took " + seconds + " s");
    }
}
