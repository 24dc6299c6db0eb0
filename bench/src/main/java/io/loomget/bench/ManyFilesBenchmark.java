package io.loomget.bench;

import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * Many small files, one request each: {@code loomget -j N -x 1} over N URLs. One operation = one
 * batch of {@code concurrency} files with {@code -j concurrency} (for {@code platform-200}: {@code -j 200}),
 * so with {@code latencyMs} = 50 the ideal is {@code concurrency / 0.05 s} files/s.
 */
public class ManyFilesBenchmark extends EngineBenchmark {

    /** {@code virtual}, {@code platform} (a new OS thread per file), {@code platform-200} ({@code -j 200}). */
    @Param({"virtual", "platform", "platform-200"})
    public String threads;

    /** Files per batch, all allowed in flight at once ({@code -j}). */
    @Param({"10", "100", "1000", "10000"})
    public int concurrency;

    /** Server delay before every response's headers. */
    @Param({"0", "50"})
    public int latencyMs;

    @Param({"16", "1024"})
    public int sizeKiB;

    @Override
    protected Workload.Spec spec() {
        return new Workload.Spec(Workload.Mode.of(threads), concurrency, sizeKiB * 1024L, 1,
                Duration.ofMillis(latencyMs), server);
    }

    @Benchmark
    public int batch(Throughput t) {
        return download(t);
    }
}
