package io.loomget.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * What a run costs besides CPU time, measured inside the fork ({@code -prof io.loomget.bench.PeakProfiler}):
 * <ul>
 *   <li>{@code threads.peak}: the most live platform (OS) threads at once during the iteration,
 *       exact ({@link ThreadMXBean#getPeakThreadCount()} is kept by the JVM at every thread start,
 *       reset before each iteration). Virtual threads are not OS threads and are not counted. It
 *       includes the fixed baseline of the fork (JMH, GC, JIT, the in-process server's dispatcher
 *       and carrier threads), reported as {@code threads.base}.</li>
 *   <li>{@code rss.peak}: the fork's peak resident set ({@code VmHWM} in /proc/self/status), in MiB.
 *       JMH forks a fresh JVM per parameter set, so this is the peak for that set, warm-up included.</li>
 *   <li>whatever the benchmark {@link #record}ed during the iteration (the server's peak
 *       concurrent requests, requests per file, retries).</li>
 * </ul>
 * All use {@link AggregationPolicy#MAX} across iterations except the recorded ones, which say theirs.
 */
public final class PeakProfiler implements InternalProfiler {

    private record Recorded(double value, String unit, AggregationPolicy policy) {}

    private static final Map<String, Recorded> RECORDED = new ConcurrentHashMap<>();

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private int base;

    /** A value for the current iteration, picked up by the profiler when the iteration ends. */
    public static void record(String label, double value, String unit, AggregationPolicy policy) {
        RECORDED.put(label, new Recorded(value, unit, policy));
    }

    @Override
    public String getDescription() {
        return "peak live platform threads, peak RSS (VmHWM) of the fork, and the benchmark's own gauges";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        RECORDED.clear();
        threads.resetPeakThreadCount();
        base = threads.getThreadCount();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        List<Result> out = new ArrayList<>();
        out.add(new ScalarResult("threads.peak", threads.getPeakThreadCount(), "threads", AggregationPolicy.MAX));
        out.add(new ScalarResult("threads.base", base, "threads", AggregationPolicy.MAX));
        long hwm = status("VmHWM");
        if (hwm >= 0) {
            out.add(new ScalarResult("rss.peak", hwm / 1024.0, "MiB", AggregationPolicy.MAX));
        }
        RECORDED.forEach((label, r) -> out.add(new ScalarResult(label, r.value(), r.unit(), r.policy())));
        RECORDED.clear();
        return out;
    }

    /** A {@code kB} field of /proc/self/status (VmHWM, VmRSS, Threads...), or -1 where there is none. */
    static long status(String field) {
        try {
            for (var line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
