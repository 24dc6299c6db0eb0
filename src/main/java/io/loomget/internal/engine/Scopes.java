package io.loomget.internal.engine;

import java.util.concurrent.Callable;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * The one class that touches JDK 25's preview {@link StructuredTaskScope} (JEP 505), so that the
 * API's next change is a change to this file alone. Everything else works with {@link TaskScope}.
 */
public final class Scopes {

    private Scopes() {}

    /** A scope whose subtasks succeed together: the first failure cancels (interrupts) the rest. */
    public static <T> TaskScope<T> allOrNothing(String name, ThreadFactory threads) {
        return new Jdk25Scope<>(StructuredTaskScope.open(
                Joiner.<T>awaitAllSuccessfulOrThrow(),
                cfg -> cfg.withThreadFactory(threads).withName(name)));
    }

    /** A scope whose subtasks are independent: each runs to its own end, whatever the others do. */
    public static <T> TaskScope<T> independent(String name, ThreadFactory threads) {
        return new Jdk25Scope<>(StructuredTaskScope.open(
                Joiner.<T>awaitAll(),
                cfg -> cfg.withThreadFactory(threads).withName(name)));
    }

    /** A structured scope: fork from the owner thread, join once, close always. */
    public interface TaskScope<T> extends AutoCloseable {

        /** Starts {@code task} in a new thread of this scope; the result is readable after join. */
        Supplier<T> fork(Callable<? extends T> task);

        /**
         * Waits for the subtasks. In an all-or-nothing scope a failed subtask ends the wait early
         * with {@link SubtaskFailedException}, whose cause is what the subtask threw.
         */
        void join() throws InterruptedException, SubtaskFailedException;

        /** Cancels what still runs and waits for it to stop. */
        @Override
        void close();
    }

    /** A subtask of an all-or-nothing scope failed; {@link #getCause()} is its exception. */
    public static final class SubtaskFailedException extends Exception {
        SubtaskFailedException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private record Jdk25Scope<T>(StructuredTaskScope<T, Void> scope) implements TaskScope<T> {

        @Override
        public Supplier<T> fork(Callable<? extends T> task) {
            return scope.fork(task);
        }

        @Override
        public void join() throws InterruptedException, SubtaskFailedException {
            try {
                scope.join();
            } catch (StructuredTaskScope.FailedException e) {
                throw new SubtaskFailedException(e.getCause());
            }
        }

        @Override
        public void close() {
            scope.close();
        }
    }
}
