package io.loomget.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What "the right range requests" means, independent of how the engine plans: the ranges asked for
 * tile the file exactly, no byte asked for twice, except for tails handed to another connection
 * while their range was in flight (work stealing), which lie inside the range they came from.
 */
public final class RangeRequests {

    private RangeRequests() {}

    /**
     * Checks {@code asked} (in arrival order) against a file of {@code size} bytes and returns the
     * stolen tails among them. A range may reach past the end (the server answers up to the end,
     * RFC 9110 §14.1.2), as an open one does.
     */
    public static List<Span> assertTiling(List<Span> asked, long size) {
        var closed = asked.stream().map(s -> new Span(s.first(), s.isOpen() ? size - 1 : Math.min(s.last(), size - 1))).toList();
        var tiles = new ArrayList<Span>();
        var tails = new ArrayList<Span>();
        for (int i = 0; i < closed.size(); i++) {
            var span = closed.get(i);
            assertTrue(span.first() >= 0 && span.first() <= span.last(),
                    () -> span + " is a satisfiable range of a " + size + "-byte file; asked: " + asked);
            boolean tail = closed.subList(0, i).stream()
                    .anyMatch(earlier -> earlier.first() < span.first() && span.last() <= earlier.last());
            (tail ? tails : tiles).add(span);
        }
        tiles.sort(Comparator.naturalOrder());
        long next = 0;
        for (var tile : tiles) {
            long expected = next;
            assertEquals(expected, tile.first(), () -> "ranges tile the file without gap or overlap: " + asked);
            next = tile.last() + 1;
        }
        assertEquals(size, next, () -> "ranges reach the end of the file: " + asked);
        long distinctTailStarts = tails.stream().mapToLong(Span::first).distinct().count();
        assertEquals(tails.size(), distinctTailStarts, () -> "no tail is handed out twice: " + tails);
        return tails;
    }
}
