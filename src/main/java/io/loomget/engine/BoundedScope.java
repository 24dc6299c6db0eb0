package io.loomget.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * The outer shape of a batch: one independent scope, one subtask per item, at most {@code limit}
 * at once by a {@link Semaphore} the owner acquires before each fork (so a queued item costs no
 * thread at all). Results come back in input order; an item the run never finished (the caller was
 * interrupted) gets {@code unfinished}'s value.
 */
final class BoundedScope {

    private BoundedScope() {}

    static <I, R> List<R> map(String name, ThreadFactory threads, int limit, List<I> items,
                              Function<I, R> task, Function<I, R> unfinished) {
        var results = new AtomicReferenceArray<R>(items.size());
        var permits = new Semaphore(limit);
        try (var scope = Scopes.<R>independent(name, threads)) {
            for (int i = 0; i < items.size(); i++) {
                permits.acquire();
                var item = items.get(i);
                int index = i;
                scope.fork(() -> {
                    try {
                        var result = task.apply(item);
                        results.set(index, result);
                        return result;
                    } finally {
                        permits.release();
                    }
                });
            }
            scope.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the scope's close() has cancelled what still ran
        } catch (Scopes.SubtaskFailedException impossible) {
            throw new IllegalStateException("an independent scope does not fail", impossible);
        }
        var outcomes = new ArrayList<R>(items.size());
        for (int i = 0; i < items.size(); i++) {
            var result = results.get(i);
            outcomes.add(result != null ? result : unfinished.apply(items.get(i)));
        }
        return outcomes;
    }
}
