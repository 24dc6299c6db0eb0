package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a file is first cut into ranges, before any connection has said how fast it is. */
class RangePlanTest {

    private static final long MiB = 1 << 20;

    @Test
    void cutsAFileNothingOfWhichIsFetchedYetIntoEqualRanges() {
        assertEquals(List.of(List.of(0L, 4 * MiB), List.of(4 * MiB, 8 * MiB), List.of(8 * MiB, 12 * MiB),
                        List.of(12 * MiB, 16 * MiB)),
                ranges(RangePlan.split(16 * MiB, 4, MiB)));
    }

    @Test
    void theProbesConnectionGetsTheRestOfItsRangeLastSoEveryConnectionCarriesTheSameShare() {
        assertEquals(List.of(List.of(0L, 2 * MiB), List.of(4 * MiB, 8 * MiB), List.of(8 * MiB, 12 * MiB),
                        List.of(12 * MiB, 16 * MiB), List.of(2 * MiB, 4 * MiB)),
                ranges(RangePlan.split(16 * MiB, 4, MiB, 2 * MiB)));
    }

    @Test
    void aRestOfTheHeadsRangeBelowTheMinimumSizeJoinsTheNextRange() {
        // Ranges of 2.5 MiB; the head's range has only 0.5 MiB left after a 2 MiB head.
        assertEquals(List.of(List.of(0L, 2 * MiB), List.of(2 * MiB, 5 * MiB), List.of(5 * MiB, 15 * MiB / 2),
                        List.of(15 * MiB / 2, 10 * MiB)),
                ranges(RangePlan.split(10 * MiB, 4, MiB, 2 * MiB)));
    }

    @Test
    void aFileTheHeadCoversIsTheHeadAlone() {
        assertEquals(List.of(List.of(0L, 3 * MiB / 2)), ranges(RangePlan.split(3 * MiB / 2, 16, MiB, 2 * MiB)));
    }

    @Test
    void anEmptyFileIsOneEmptyRange() {
        assertEquals(List.of(List.of(0L, 0L)), ranges(RangePlan.split(0, 16, MiB, 2 * MiB)));
    }

    @ParameterizedTest(name = "{0} bytes, {1} ranges, min {2}, head {3}")
    @CsvSource({
        "268435456, 16, 1048576, 2097152",
        "17825792, 16, 1048576, 2097152",
        "3145728, 16, 1048576, 2097152",
        "2621440, 16, 1048576, 2097152",
        "1000003, 7, 1000, 0",
        "1000003, 7, 1000, 999",
        "99999, 3, 30000, 60000",
        "5, 16, 1, 2",
    })
    void rangesTileTheFileWithNoneBelowTheMinimumButTheLastAndNoMoreThanAskedBesideTheHead(
            long size, int count, long minSize, long head) {
        var ranges = ranges(RangePlan.split(size, count, minSize, head));
        var sorted = new ArrayList<>(ranges);
        sorted.sort((a, b) -> Long.compare(a.get(0), b.get(0)));
        long cursor = 0;
        for (var range : sorted) {
            assertEquals(cursor, range.get(0), "ranges " + ranges + " leave a gap or overlap");
            cursor = range.get(1);
        }
        assertEquals(size, cursor, "ranges " + ranges + " do not end at the file's end");
        assertTrue(ranges.size() <= count + (head > 0 ? 1 : 0), "too many ranges: " + ranges);
        for (var range : ranges.subList(head > 0 ? 1 : 0, ranges.size() - 1)) {
            assertTrue(range.get(1) - range.get(0) >= minSize, "range " + range + " below " + minSize + " in " + ranges);
        }
    }

    /** The planned ranges as [start, end) pairs, in the order connections take them. */
    private static List<List<Long>> ranges(RangePlan plan) {
        var ranges = new ArrayList<List<Long>>();
        for (int i = plan.plannedCount(); i > 0; i--) {
            var segment = plan.next();
            ranges.add(List.of(segment.start(), segment.end()));
        }
        return ranges;
    }
}
