package io.loomget.bench;

import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * The bandwidth-bound case: a few large files, each split into ranges ({@code loomget -j 4 -x 16 -s 16}),
 * so 64 connections in flight and a handful of threads either way. Here the thread kind should not matter.
 */
public class LargeFilesBenchmark extends EngineBenchmark {

    @Param({"virtual", "platform"})
    public String threads;

    @Param({"4"})
    public int files;

    @Param({"64"})
    public int sizeMiB;

    /** Ranges per file, all in flight at once. */
    @Param({"16"})
    public int connections;

    @Param({"0", "50"})
    public int latencyMs;

    @Override
    protected Workload.Spec spec() {
        return new Workload.Spec(Workload.Mode.of(threads), files, sizeMiB * (1L << 20), connections,
                Duration.ofMillis(latencyMs), server);
    }

    @Benchmark
    public int batch(Throughput t) {
        return download(t);
    }
}
