package io.loomget.internal.engine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The outer shape of a batch: one independent scope, one subtask per item, at most {@code limit}
 * at once by a {@link Semaphore} the owner acquires before each fork (so a queued item costs no
 * thread at all, and an item is only taken from its source when a slot is free).
 */
final class BoundedScope {

    private BoundedScope() {}

    /**
     * Runs {@code task} on every item the iterator yields and hands each result to {@code sink} as
     * soon as it exists (from the task's thread, so {@code sink} must be thread-safe). At most
     * {@code limit} items are out of the iterator and unfinished at any time: memory does not grow
     * with the length of the input. When the calling thread is interrupted no further item is taken;
     * returns how many items were taken. An exception from {@code task} or {@code sink} does not stop
     * the other items; the first one is thrown once they have all ended.
     */
    static <I, R> long forEach(String name, ThreadFactory threads, int limit, Iterator<? extends I> items,
                               Function<I, R> task, Consumer<? super R> sink) {
        var permits = new Semaphore(limit);
        var failure = new AtomicReference<Throwable>();
        long taken = 0;
        try (var scope = Scopes.<R>independent(name, threads)) {
            try {
                // The slot first: an item is only taken from its source when it can start at once.
                for (permits.acquire(); items.hasNext(); permits.acquire()) {
                    I item = items.next();
                    taken++;
                    scope.fork(() -> {
                        try {
                            var result = task.apply(item);
                            sink.accept(result);
                            return result;
                        } catch (RuntimeException | Error e) {
                            failure.compareAndSet(null, e); // an independent scope would drop it: said after the join
                            throw e;
                        } finally {
                            permits.release();
                        }
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // so that join returns at once and close cancels the rest
            }
            scope.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the scope's close() has cancelled what still ran
        } catch (Scopes.SubtaskFailedException impossible) {
            throw new IllegalStateException("an independent scope does not fail", impossible);
        }
        switch (failure.get()) {
            case null -> { }
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException(failure.get());
        }
        return taken;
    }

    /**
     * Like {@link #forEach} over a list, with the results in input order; an item the run never
     * finished (the caller was interrupted) gets {@code unfinished}'s value.
     */
    static <I, R> List<R> map(String name, ThreadFactory threads, int limit, List<I> items,
                              Function<I, R> task, Function<I, R> unfinished) {
        var results = new AtomicReferenceArray<R>(items.size());
        record Indexed<I>(int index, I item) {}
        var indexed = new ArrayList<Indexed<I>>(items.size());
        for (int i = 0; i < items.size(); i++) {
            indexed.add(new Indexed<>(i, items.get(i)));
        }
        forEach(name, threads, limit, indexed.iterator(),
                (Indexed<I> entry) -> {
                    var result = task.apply(entry.item());
                    results.set(entry.index(), result);
                    return result;
                },
                result -> {});
        var outcomes = new ArrayList<R>(items.size());
        for (int i = 0; i < items.size(); i++) {
            var result = results.get(i);
            outcomes.add(result != null ? result : unfinished.apply(items.get(i)));
        }
        return outcomes;
    }
}
