package io.loomget.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * A look at one case without JMH, for exploring before measuring:
 * <pre>
 * java --enable-preview -Djdk.httpclient.bufsize=65536 -cp bench/target/benchmarks.jar \
 *     io.loomget.bench.OneBatch THREADS FILES LATENCY_MS SIZE_BYTES CONNECTIONS_PER_FILE REPEATS [process|inproc]
 * </pre>
 * prints, per batch: wall time, files/s, CPU per file (this JVM and the server's), the server's peak
 * concurrent requests and this JVM's peak live platform threads. Not a benchmark: no warm-up
 * discipline, no statistics.
 */
public final class OneBatch {

    private OneBatch() {}

    public static void main(String[] args) {
        if (args.length < 6) {
            System.err.println("usage: OneBatch virtual|platform|platform-200 FILES LATENCY_MS SIZE_BYTES CONNECTIONS REPEATS [process|inproc]");
            System.exit(2);
        }
        var spec = new Workload.Spec(Workload.Mode.of(args[0]), Integer.parseInt(args[1]), Long.parseLong(args[3]),
                Integer.parseInt(args[4]), Duration.ofMillis(Long.parseLong(args[2])), args.length > 6 ? args[6] : "process");
        int repeats = Integer.parseInt(args[5]);
        var threads = ManagementFactory.getThreadMXBean();
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (var w = new Workload(spec)) {
            for (int i = 0; i < repeats; i++) {
                w.resetCounters();
                threads.resetPeakThreadCount();
                long t0 = System.nanoTime();
                long cpu0 = os.getProcessCpuTime();
                long server0 = w.server().cpuTime().toNanos();
                int n;
                try {
                    n = w.runBatch();
                } catch (RuntimeException e) {
                    System.out.println("FAILED: " + e.getMessage());
                    w.sweep();
                    continue;
                }
                double s = (System.nanoTime() - t0) / 1e9;
                var stats = w.server().stats();
                System.out.printf("%s: %d files in %.3f s = %.0f files/s, %.1f MiB/s; CPU/file %.0f us + server %.0f us;"
                                + " server peak %d concurrent, %d requests; %d range retries; peak %d OS threads; VmHWM %d MiB%n",
                        spec.mode().label(), n, s, n / s, spec.batchBytes() / s / (1 << 20),
                        (os.getProcessCpuTime() - cpu0) / 1e3 / n, (w.server().cpuTime().toNanos() - server0) / 1e3 / n,
                        stats.peakConcurrentRequests(), stats.requests(), w.retries(), threads.getPeakThreadCount(),
                        PeakProfiler.status("VmHWM") / 1024);
            }
        }
    }
}
