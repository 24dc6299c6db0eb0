package io.loomget.testsupport;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Waits for an observable condition (bytes seen at a server, a file on disk, threads gone),
 * looking again every few milliseconds up to a deadline. The deadline is a hang guard: a test
 * passes as soon as the condition holds, however slow the machine.
 */
public final class Poll {

    private static final Duration INTERVAL = Duration.ofMillis(10);

    private Poll() {}

    /** The first value of {@code probe} that satisfies {@code done}; fails with the last value seen at the deadline. */
    public static <T> T until(Duration timeout, String what, Callable<T> probe, Predicate<? super T> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T last = probe.call();
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + "; last seen:\n" + last);
            }
            Thread.sleep(INTERVAL); // the pause between two looks, not a stand-in for the condition
        }
    }

    /** Returns once {@code condition} holds; fails naming {@code what} when it still does not after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        try {
            until(timeout, what, condition::getAsBoolean, Boolean::booleanValue);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for: " + what, e);
        } catch (AssertionError | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e); // a BooleanSupplier throws nothing checked
        }
    }
}
