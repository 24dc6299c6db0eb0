package io.loomget.spark;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code spark-submit --class io.loomget.spark.SparkMain loomget-spark.jar [options] INPUT OUTPUT}.
 * Exit codes as the CLI's: 0 everything downloaded, 1 some URLs not found or failed (or bad input
 * lines), 2 usage error or a refused input, output root or setting (one line on stderr; the stack
 * trace goes to the driver's log at debug level).
 */
public final class SparkMain {

    private static final Logger LOG = LoggerFactory.getLogger(SparkMain.class);

    private SparkMain() {}

    public static void main(String[] args) {
        var session = new SparkSession[1];
        int exit = run(args, System.out, System.err, () -> session[0] = SparkSession.builder().getOrCreate());
        if (session[0] != null) {
            session[0].stop();
        }
        System.exit(exit);
    }

    /** The whole command; {@code spark} is asked for a session only once the command line is valid. */
    static int run(String[] args, PrintStream out, PrintStream err, Supplier<SparkSession> spark) {
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            out.print(JobOptions.USAGE);
            return 0;
        }
        JobOptions options;
        try {
            options = JobOptions.parse(args);
        } catch (JobOptions.UsageException e) {
            err.println("loomget-spark: " + e.getMessage() + " (--help lists the options)");
            return 2;
        }
        options.warnings().forEach(w -> err.println("loomget-spark: " + w));
        try {
            var s = DownloadJob.run(spark.get(), options, w -> err.println("loomget-spark: " + w));
            if (!s.plan().isEmpty()) {
                out.println("loomget-spark: plan: " + s.plan());
            }
            printSpread(out, s);
            // As the CLI's summary: files -N kept are "up to date", counted apart, and only when there are some.
            out.printf("loomget-spark: %d downloaded (%d bytes), %s%d not found or failed, %d bad input lines,"
                            + " %d skipped as already downloaded, in %.1f s; manifest %s%n",
                    s.downloaded(), s.bytes(), s.upToDate() > 0 ? s.upToDate() + " up to date, " : "", s.failed(),
                    s.inputProblems(), s.skipped(), s.elapsedMs() / 1000.0, Manifest.location(options.output()));
            return s.exitCode();
        } catch (JobRefused | IllegalArgumentException e) {
            LOG.debug("loomget-spark refused to start", e);
            err.println("loomget-spark: " + Loomget.redactText(e.getMessage()));
            return 2;
        } catch (Exception e) {
            // Spark aborting the job (a task failed on every attempt, a file it could not read; Scala's
            // SparkException is a checked exception Java does not see declared): one line, as for a
            // refused start, and the trace in the driver's log.
            LOG.debug("loomget-spark failed", e);
            err.println("loomget-spark: the job failed: " + Loomget.redactText(firstLine(e)));
            return 1;
        }
    }

    /** The first line of {@code e}'s message (Spark's carry the remote stack trace after it), or its class. */
    static String firstLine(Throwable e) {
        var message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getName();
        }
        message = message.strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline).strip();
    }

    /** One line per executor: how many tasks and URLs it did and how long it was busy (the skew). */
    private static void printSpread(PrintStream out, DownloadJob.Summary s) {
        var byExecutor = new TreeMap<String, long[]>();
        for (var t : s.tasks()) {
            var sums = byExecutor.computeIfAbsent(t.executor(), e -> new long[3]);
            sums[0]++;
            sums[1] += t.urls();
            sums[2] += t.millis();
        }
        byExecutor.forEach((executor, sums) -> out.printf("loomget-spark: executor %s: %s, %s, busy %.1f s%n",
                executor, PartitionPlan.count(sums[0], "task"), PartitionPlan.count(sums[1], "URL"), sums[2] / 1000.0));
        s.tasks().stream().max(Comparator.comparingLong(TaskStat::urls)).ifPresent(t ->
                out.printf("loomget-spark: largest task: partition %d, %s%n", t.partition(), PartitionPlan.count(t.urls(), "URL")));
    }
}
