package io.loomget.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.AggregationPolicy;

/**
 * What every engine benchmark shares: one {@link Workload} per trial (a fork gets one parameter set),
 * one batch per operation, and the per-iteration gauges handed to {@link PeakProfiler}.
 *
 * <p>One operation is one {@code Batch.run} of the real engine over the whole file list, so the
 * primary score is batches/s; {@link Throughput} turns that into files/s and MiB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// The same preview flag and HttpClient buffer size (64 KiB) as the loomget launcher's JVM.
// A fork that runs out of heap ends (JMH reports it and goes on) instead of thrashing.
@Fork(value = 1, jvmArgsAppend = {"--enable-preview", "-Xmx3g", "-XX:+ExitOnOutOfMemoryError", "-Djdk.httpclient.bufsize=65536"})
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 5)
// A batch that hangs (10,000 platform threads on 2 cores) is interrupted and reported as failed.
@Timeout(time = 10, timeUnit = TimeUnit.MINUTES)
public abstract class EngineBenchmark {

    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Where the server runs; see {@link FileServer}. {@code process} keeps the fork's gauges the client's own. */
    @Param({"process"})
    public String server;

    protected Workload workload;
    private long files;
    private long cpuStart;
    private long serverCpuStart;

    /** Files/s and MiB/s of the measured batches (JMH divides by the iteration's time). */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Throughput {
        public long files;
        public double mebibytes;
    }

    protected abstract Workload.Spec spec();

    @Setup(Level.Trial)
    public void startTrial() {
        workload = new Workload(spec());
    }

    @TearDown(Level.Trial)
    public void endTrial() {
        if (workload != null) {
            workload.close();
        }
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        workload.resetCounters();
        files = 0;
        serverCpuStart = workload.server().cpuTime().toNanos();
        cpuStart = OS.getProcessCpuTime();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        long cpu = OS.getProcessCpuTime() - cpuStart;
        long serverCpu = workload.server().cpuTime().toNanos() - serverCpuStart;
        var stats = workload.server().stats();
        PeakProfiler.record("server.concurrent.peak", stats.peakConcurrentRequests(), "requests", AggregationPolicy.MAX);
        if (files > 0) {
            PeakProfiler.record("requests.perFile", (double) stats.requests() / files, "requests", AggregationPolicy.AVG);
            PeakProfiler.record("cpu.client.perFile", cpu / 1e3 / files, "us", AggregationPolicy.AVG);
            if (serverCpu > 0) {
                PeakProfiler.record("cpu.server.perFile", serverCpu / 1e3 / files, "us", AggregationPolicy.AVG);
            }
        }
        PeakProfiler.record("retries", workload.retries(), "ranges", AggregationPolicy.SUM);
        workload.sweep();
    }

    /** One batch; the files and bytes go to the counters. */
    protected int download(Throughput t) {
        int n = workload.runBatch();
        files += n;
        t.files += n;
        t.mebibytes += n * (double) workload.spec().fileSize() / (1 << 20);
        return n;
    }
}
