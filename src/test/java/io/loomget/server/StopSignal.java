package io.loomget.server;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Lets every deliberate wait in a handler (latency, throttle, stall) end at once when the server closes. */
final class StopSignal {

    private final CountDownLatch stopped = new CountDownLatch(1);

    void stop() {
        stopped.countDown();
    }

    /** Waits {@code nanos}; throws if the server closes (or the thread is interrupted) first. */
    void pause(long nanos) throws ConnectionCut {
        if (nanos <= 0) {
            return;
        }
        try {
            if (stopped.await(nanos, TimeUnit.NANOSECONDS)) {
                throw new ConnectionCut("server closing");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionCut("interrupted");
        }
    }

    void pause(Duration duration) throws ConnectionCut {
        pause(duration.toNanos());
    }

    /** Waits until the server closes, then throws: the exchange cannot continue. */
    void parkUntilStopped() throws ConnectionCut {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new ConnectionCut("server closing");
    }
}
