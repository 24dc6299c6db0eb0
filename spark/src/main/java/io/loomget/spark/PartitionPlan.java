package io.loomget.spark;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Which partition each URL goes to, planned from the number of URLs per host so that partitions
 * are about one target size: hosts smaller than the target are packed together (largest first, each
 * into the emptiest partition), a host larger than the target is split into k shards of its own,
 * each with 1/k of the host's connection cap (the shards' caps sum to the cap, and k never exceeds
 * it), so the cap holds for the whole job while k executors work on that host at once. A host is
 * split into no more shards than the cluster has task slots (unless a shard would then exceed
 * {@value #MAX_TARGET} URLs): shards beyond the slots could not run at once, and each would only
 * have used its smaller share of the cap (20,000 URLs of one host on 2 slots: 4 shards of a quarter
 * of the cap each, 2 at a time, half the cap in use; bench/results/spark-cluster.md).
 */
final class PartitionPlan implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Partitions smaller than this cost more in task start than they spread. */
    static final long MIN_TARGET = 100;
    /** A lost task repeats at most this many URLs' checks. */
    static final long MAX_TARGET = 100_000;

    /**
     * One partition.
     *
     * @param hostCap the per-host connection cap inside this partition (a shard's share, or the whole cap)
     * @param shardOf the host this partition is a shard of, or null for packed hosts
     */
    record Part(int index, long urls, int hosts, int hostCap, String shardOf) implements Serializable {}

    /** A host's partitions: {@code first} up to {@code first + shards - 1}. */
    private record Span(int first, int shards) implements Serializable {}

    private final List<Part> parts;
    private final Map<String, Span> spans;
    private final long target;

    private PartitionPlan(List<Part> parts, Map<String, Span> spans, long target) {
        this.parts = List.copyOf(parts);
        this.spans = spans;
        this.target = target;
    }

    /**
     * How many partitions a list of {@code urls} gets on a cluster with {@code parallelism} task slots:
     * two per slot (so a slow partition does not set the job's end), each of at least
     * {@value #MIN_TARGET} and at most {@value #MAX_TARGET} URLs.
     */
    static int defaultPartitions(long urls, int parallelism) {
        if (urls == 0) {
            return 0;
        }
        long size = Math.clamp(Math.ceilDiv(urls, 2L * Math.max(1, parallelism)), MIN_TARGET, MAX_TARGET);
        long partitions = Math.ceilDiv(urls, size);
        // Rounding up must not make partitions smaller than the minimum (150 URLs: one partition, not two of 75).
        return (int) Math.clamp(urls / partitions < MIN_TARGET ? urls / MIN_TARGET : partitions, 1, Integer.MAX_VALUE);
    }

    /**
     * Plans about {@code partitions} partitions of {@code total / partitions} URLs each (more when
     * hosts do not divide evenly, fewer when a host cannot be split further than its cap or the
     * cluster's task slots).
     *
     * @param urlsPerHost URLs to download per host key ({@code host[:port]})
     * @param hostCap     the job's per-host connection cap
     * @param slots       the cluster's task slots (tasks that run at once)
     */
    static PartitionPlan of(Map<String, Long> urlsPerHost, int partitions, int hostCap, int slots) {
        if (partitions < 1 || hostCap < 1 || slots < 1) {
            throw new IllegalArgumentException("partitions, hostCap and slots must be at least 1");
        }
        long total = urlsPerHost.values().stream().mapToLong(Long::longValue).sum();
        long target = Math.max(1, Math.ceilDiv(total, partitions));
        var parts = new ArrayList<Part>();
        var spans = new HashMap<String, Span>();
        var small = new ArrayList<Map.Entry<String, Long>>();
        var byName = urlsPerHost.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
        for (var host : byName) {
            long n = host.getValue();
            if (n <= target) {
                small.add(host);
                continue;
            }
            int k = shards(n, target, hostCap, slots);
            spans.put(host.getKey(), new Span(parts.size(), k));
            for (int i = 0; i < k; i++) {
                int cap = hostCap / k + (i < hostCap % k ? 1 : 0);
                parts.add(new Part(parts.size(), n / k + (i < n % k ? 1 : 0), 1, k == 1 ? hostCap : cap,
                        k == 1 ? null : host.getKey()));
            }
        }
        pack(small, target, hostCap, parts, spans);
        return new PartitionPlan(parts, spans, target);
    }

    /**
     * The shards of a host of {@code urls} URLs: one per {@code target} URLs, but no more than the task
     * slots (then they all run at once and use the host's whole cap) unless a shard would then hold
     * more than {@value #MAX_TARGET} URLs, and never more than the cap (a shard needs a connection).
     */
    private static int shards(long urls, long target, int hostCap, int slots) {
        long k = Math.max(Math.min(Math.ceilDiv(urls, target), slots), Math.ceilDiv(urls, MAX_TARGET));
        return (int) Math.min(k, hostCap);
    }

    /** Largest host first into the emptiest bin (LPT): bins end within one host of each other. */
    private static void pack(List<Map.Entry<String, Long>> hosts, long target, int hostCap, List<Part> parts,
                             Map<String, Span> spans) {
        long sum = hosts.stream().mapToLong(Map.Entry::getValue).sum();
        if (sum == 0) {
            return;
        }
        int bins = (int) Math.ceilDiv(sum, target);
        int first = parts.size();
        long[] urls = new long[bins];
        int[] count = new int[bins];
        var emptiest = new PriorityQueue<Integer>(Comparator.<Integer>comparingLong(b -> urls[b]).thenComparing(b -> b));
        for (int b = 0; b < bins; b++) {
            emptiest.add(b);
        }
        hosts.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        for (var host : hosts) {
            int b = emptiest.poll();
            urls[b] += host.getValue();
            count[b]++;
            emptiest.add(b);
            spans.put(host.getKey(), new Span(first + b, 1));
        }
        for (int b = 0; b < bins; b++) {
            parts.add(new Part(first + b, urls[b], count[b], hostCap, null));
        }
    }

    /** The partition of one URL: its host's, or for a split host one of its shards, by the URL's hash. */
    int partitionOf(String host, String url) {
        var span = spans.get(host);
        if (span == null) {
            throw new IllegalArgumentException("host " + host + " is not in the plan");
        }
        if (span.shards() == 1) {
            return span.first();
        }
        int h = url.hashCode() * 0x9E3779B9; // String.hashCode is the same in every JVM; the multiply spreads it
        return span.first() + Math.floorMod(h ^ (h >>> 16), span.shards());
    }

    int size() {
        return parts.size();
    }

    List<Part> parts() {
        return parts;
    }

    int hostCap(int partition) {
        return parts.get(partition).hostCap();
    }

    long target() {
        return target;
    }

    /** One line for the driver's log and output. */
    String describe() {
        long total = parts.stream().mapToLong(Part::urls).sum();
        long largest = parts.stream().mapToLong(Part::urls).max().orElse(0);
        var split = parts.stream().filter(p -> p.shardOf() != null).map(Part::shardOf).distinct().count();
        // A split host's URLs go to its shards by their hash: a shard's count is planned, not exact ("about").
        var splitText = split == 0 ? "none split" : split + " of them split into shards sharing their cap";
        return String.format("%s for %s over %s, %s (target %s); largest partition %s%s (%.0f %%)",
                count(parts.size(), "partition"), count(total, "URL"), count(spans.size(), "host"), splitText,
                count(target, "URL"), split == 0 ? "" : "about ", count(largest, "URL"),
                total == 0 ? 0.0 : 100.0 * largest / total);
    }

    /** "1 URL", "2 URLs": the driver's lines count things. */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
