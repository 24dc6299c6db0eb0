package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.ThreadKind;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The batch's outer shape: a bounded number of items out at once, results as they come, no failure lost. */
@Timeout(30)
class BoundedScopeTest {

    private static final int LIMIT = 3;

    @Test
    void anItemIsTakenFromItsSourceOnlyWhenASlotIsFree() {
        var outstanding = new AtomicInteger();
        var mostWhenAsked = new AtomicInteger();
        var source = new Iterator<Integer>() {
            private int next;

            @Override
            public boolean hasNext() {
                mostWhenAsked.accumulateAndGet(outstanding.get(), Math::max);
                return next < 50;
            }

            @Override
            public Integer next() {
                outstanding.incrementAndGet();
                return next++;
            }
        };

        long taken = BoundedScope.forEach("test", ThreadKind.VIRTUAL.factory("test"), LIMIT, source,
                item -> item * 2, result -> outstanding.decrementAndGet());

        assertEquals(50, taken);
        assertTrue(mostWhenAsked.get() < LIMIT, "asked for an item with " + mostWhenAsked.get() + " out");
    }

    @Test
    void aFailingItemDoesNotStopTheOthersAndItsExceptionIsThrownAtTheEnd() {
        var boom = new IllegalStateException("item 7");
        var delivered = new ConcurrentLinkedQueue<Integer>();
        List<Integer> items = IntStream.range(0, 20).boxed().toList();

        var thrown = assertThrows(IllegalStateException.class, () -> BoundedScope.forEach("test",
                ThreadKind.VIRTUAL.factory("test"), LIMIT, items.iterator(),
                item -> {
                    if (item == 7) {
                        throw boom;
                    }
                    return item;
                }, delivered::add));

        assertSame(boom, thrown);
        assertEquals(19, delivered.size(), "every other item delivered: " + delivered);
    }
}
