package io.loomget.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The harness wires up; nothing here is timed or compared. Guards the two silent failures of JMH on
 * javac 25: no generated benchmark list (annotation processor not declared), and forks that cannot
 * load preview classes (no {@code --enable-preview}).
 */
class HarnessTest {

    @Test
    void annotationProcessorGeneratedBothBenchmarks() throws IOException {
        try (var in = Objects.requireNonNull(getClass().getResourceAsStream("/META-INF/BenchmarkList"),
                "no META-INF/BenchmarkList: jmh-generator-annprocess did not run")) {
            var list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(list.contains("io.loomget.bench.ManyFilesBenchmark"), list);
            assertTrue(list.contains("io.loomget.bench.LargeFilesBenchmark"), list);
        }
    }

    @Test
    void oneTinyIterationRunsInAPreviewFork() throws RunnerException {
        var options = new OptionsBuilder()
                .include("\\.ManyFilesBenchmark\\.")
                .param("threads", "virtual")
                .param("concurrency", "10")
                .param("latencyMs", "0")
                .param("sizeKiB", "16")
                .param("server", "process")
                .forks(1)
                .jvmArgsAppend("--enable-preview", "-Xmx256m")
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .addProfiler(PeakProfiler.class)
                .shouldFailOnError(true)
                .build();
        var results = new Runner(options).run();
        assertEquals(1, results.size());
        var result = results.iterator().next().getAggregatedResult();
        var secondary = result.getSecondaryResults();
        assertTrue(secondary.get("files").getScore() > 0, "files/s");
        assertTrue(secondary.get("threads.peak").getScore() > 0, "threads.peak");
        assertTrue(secondary.get("rss.peak").getScore() > 0, "rss.peak");
        assertEquals(1.0, secondary.get("requests.perFile").getScore(), 1e-9, "one request per file");
    }
}
