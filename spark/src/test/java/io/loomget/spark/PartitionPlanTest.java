package io.loomget.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The partition planner alone (no Spark): the README's worked examples and the rules they follow. */
class PartitionPlanTest {

    private static Map<String, Long> hosts(int count, long urlsEach, String prefix) {
        var map = new HashMap<String, Long>();
        for (int i = 0; i < count; i++) {
            map.put(prefix + i + ".example", urlsEach);
        }
        return map;
    }

    private static List<Long> sizes(PartitionPlan plan) {
        return plan.parts().stream().map(PartitionPlan.Part::urls).toList();
    }

    @Test
    void threeEqualHostsOnTwoSlotsBecomeSixShardsOfFifteenHundredEachWithHalfTheCap() {
        var counts = hosts(3, 3_000, "h");
        int partitions = PartitionPlan.defaultPartitions(9_000, 2);
        var plan = PartitionPlan.of(counts, partitions, 16, 2);

        assertEquals(4, partitions);
        assertEquals(2_250, plan.target());
        assertEquals(List.of(1_500L, 1_500L, 1_500L, 1_500L, 1_500L, 1_500L), sizes(plan));
        plan.parts().forEach(p -> assertEquals(8, p.hostCap(), p.toString()));
    }

    @Test
    void oneHugeHostAndAThousandSmallOnesOnTwoSlots() {
        var counts = hosts(1_000, 10, "small");
        counts.put("cdn.example", 100_000L);
        int partitions = PartitionPlan.defaultPartitions(110_000, 2);
        var plan = PartitionPlan.of(counts, partitions, 16, 2);

        assertEquals(4, partitions);
        assertEquals(27_500, plan.target());
        // The CDN in as many shards as there are slots, so both run at once with half the cap each,
        // and every small host packed into one partition.
        assertEquals(List.of(50_000L, 50_000L, 10_000L), sizes(plan));
        assertEquals(List.of(8, 8, 16), plan.parts().stream().map(PartitionPlan.Part::hostCap).toList());
        assertEquals(1_000, plan.parts().get(2).hosts());
    }

    @Test
    void thePlanLineSaysAboutOnlyWhenAHostWasSplitByHash() {
        assertEquals("6 partitions for 9000 URLs over 3 hosts, 3 of them split into shards sharing their cap"
                        + " (target 2250 URLs); largest partition about 1500 URLs (17 %)",
                PartitionPlan.of(hosts(3, 3_000, "h"), 4, 16, 2).describe());
        assertEquals("1 partition for 101 URLs over 2 hosts, none split (target 101 URLs); largest partition"
                        + " 101 URLs (100 %)",
                PartitionPlan.of(Map.of("a.example", 51L, "b.example", 50L), 1, 16, 2).describe());
    }

    @Test
    void thePlanLineCountsOneThingInTheSingular() {
        assertEquals("1 partition for 1 URL over 1 host, none split (target 1 URL); largest partition 1 URL (100 %)",
                PartitionPlan.of(Map.of("a.example", 1L), 1, 16, 2).describe());
    }

    @Test
    void aHostIsSplitIntoNoMoreShardsThanTaskSlotsSoThatItsWholeCapIsInUse() {
        var plan = PartitionPlan.of(Map.of("one.example", 20_000L), 4, 64, 2);

        assertEquals(List.of(10_000L, 10_000L), sizes(plan));
        assertEquals(List.of(32, 32), plan.parts().stream().map(PartitionPlan.Part::hostCap).toList());
    }

    @Test
    void aHostIsSplitBeyondTheSlotsWhenAShardWouldOtherwiseExceedAHundredThousandUrls() {
        var plan = PartitionPlan.of(Map.of("cdn.example", 1_000_000L), 20, 16, 2);

        assertEquals(10, plan.size());
        plan.parts().forEach(p -> assertEquals(100_000, p.urls(), p.toString()));
        assertEquals(16, plan.parts().stream().mapToInt(PartitionPlan.Part::hostCap).sum());
    }

    @Test
    void oneHugeHostAndAThousandSmallOnesOnThirtyTwoSlotsSplitsTheHostNoFurtherThanItsCap() {
        var counts = hosts(1_000, 10, "small");
        counts.put("cdn.example", 100_000L);
        int partitions = PartitionPlan.defaultPartitions(110_000, 32);
        var plan = PartitionPlan.of(counts, partitions, 16, 32);

        assertEquals(64, partitions);
        assertEquals(1_719, plan.target());
        var shards = plan.parts().stream().filter(p -> "cdn.example".equals(p.shardOf())).toList();
        assertEquals(16, shards.size());
        shards.forEach(s -> assertEquals(1, s.hostCap()));
        shards.forEach(s -> assertEquals(6_250, s.urls()));
        var packed = plan.parts().stream().filter(p -> p.shardOf() == null).toList();
        assertEquals(6, packed.size());
        packed.forEach(p -> assertTrue(p.urls() >= 1_660 && p.urls() <= 1_670, p.toString()));
    }

    @Test
    void theShardsCapsSumToTheHostsCapWhenItDoesNotDivideEvenly() {
        var plan = PartitionPlan.of(Map.of("big.example", 3_000L), 3, 5, 3);

        assertEquals(List.of(2, 2, 1), plan.parts().stream().map(PartitionPlan.Part::hostCap).toList());
    }

    @Test
    void aHostWithACapOfOneIsNeverSplit() {
        var plan = PartitionPlan.of(Map.of("a.example", 1_000L, "b.example", 10L), 10, 1, 10);

        var partitionsOfA = IntStream.range(0, 1_000).map(i -> plan.partitionOf("a.example", "http://a.example/" + i))
                .boxed().collect(java.util.stream.Collectors.toSet());
        assertEquals(1, partitionsOfA.size());
        assertEquals(1, plan.hostCap(partitionsOfA.iterator().next()));
    }

    @Test
    void theUrlsOfASplitHostSpreadOverAllItsShardsAndNoOtherPartition() {
        var plan = PartitionPlan.of(Map.of("big.example", 3_000L, "small.example", 100L), 4, 16, 4);
        var counts = new int[plan.size()];
        for (int i = 0; i < 3_000; i++) {
            counts[plan.partitionOf("big.example", "http://big.example/img/" + i + ".jpg")]++;
        }
        int small = plan.partitionOf("small.example", "http://small.example/x");
        var bigParts = new TreeSet<Integer>();
        for (int p = 0; p < counts.length; p++) {
            if (counts[p] > 0) {
                bigParts.add(p);
                // A hash split: each shard within 20 % of an even share.
                assertTrue(Math.abs(counts[p] - plan.parts().get(p).urls()) < plan.parts().get(p).urls() / 5,
                        "shard " + p + " got " + counts[p]);
            }
        }
        assertEquals(plan.parts().stream().filter(p -> p.shardOf() != null).map(PartitionPlan.Part::index).toList(),
                List.copyOf(bigParts));
        assertTrue(!bigParts.contains(small));
    }

    @Test
    void smallHostsArePackedIntoPartitionsThatEndWithinOneHostOfEachOther() {
        var counts = new HashMap<String, Long>();
        for (int i = 0; i < 500; i++) {
            counts.put("h" + i, 1L + (i * 37L) % 90);
        }
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        var plan = PartitionPlan.of(counts, 8, 16, 8);

        var sizes = sizes(plan);
        assertEquals(total, sizes.stream().mapToLong(Long::longValue).sum());
        long spread = sizes.stream().mapToLong(Long::longValue).max().orElseThrow()
                - sizes.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertTrue(spread <= 90, "sizes " + sizes);
    }

    @Test
    void thePartitionOfAUrlIsTheSameEveryTimeItIsPlanned() {
        var counts = hosts(3, 3_000, "h");
        var once = PartitionPlan.of(counts, 4, 16, 2);
        var again = PartitionPlan.of(new HashMap<>(counts), 4, 16, 2);
        for (int i = 0; i < 1_000; i++) {
            var url = "http://h1.example/" + i;
            assertEquals(once.partitionOf("h1.example", url), again.partitionOf("h1.example", url), url);
        }
    }

    @Test
    void defaultPartitionsKeepEachBetweenAHundredAndAHundredThousandUrls() {
        assertEquals(0, PartitionPlan.defaultPartitions(0, 8));
        assertEquals(1, PartitionPlan.defaultPartitions(150, 8));
        assertEquals(4, PartitionPlan.defaultPartitions(735, 2));
        assertEquals(16, PartitionPlan.defaultPartitions(1_000_000, 8));
        assertEquals(10_000, PartitionPlan.defaultPartitions(1_000_000_000, 8));
    }
}
