package io.loomget.ux;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Waits for an observable condition, looking again every few milliseconds, up to a deadline. */
final class Poll {

    private static final Duration INTERVAL = Duration.ofMillis(40);

    private Poll() {}

    /** The first value of {@code probe} that satisfies {@code done}; fails with the last value seen at the deadline. */
    static <T> T until(Duration timeout, String what, Callable<T> probe, Predicate<? super T> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last;
        while (true) {
            last = probe.call();
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; last seen:\n" + last);
            }
            Thread.sleep(INTERVAL); // the pause between two looks, not a stand-in for the condition
        }
    }
}
