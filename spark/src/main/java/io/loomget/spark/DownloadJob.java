package io.loomget.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.Partitioner;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The job on the driver: check the input and the output root, find what is left to do (the input
 * minus what the manifest has as downloaded, {@link Remaining}), count it per host and plan the
 * partitions from those counts ({@link PartitionPlan}), write the plan ({@link PlanFiles}), download
 * each partition with {@link PartitionDownloader} and append the outcomes to the manifest in one Spark
 * write, whose commit protocol keeps only successful task attempts' rows; the input's problems are a
 * second write. With nothing left and no bad input lines there is no download stage and no write.
 */
public final class DownloadJob {

    /** Conf key for tests: the first attempt of every download task fails after this many rows. */
    static final String FAIL_FIRST_ATTEMPT_AFTER = "spark.loomget.test.failFirstAttemptAfter";
    private static final Logger LOG = LoggerFactory.getLogger(DownloadJob.class);
    private static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";

    /**
     * What the run did, from the job's accumulators.
     *
     * @param upToDate files {@code -N} found current and kept (not downloaded, not in {@code bytes})
     * @param plan     the partition plan, described in one line (empty when nothing was left to download)
     * @param tasks    the successful download tasks, for the spread of work over executors
     */
    public record Summary(long downloaded, long upToDate, long failed, long bytes, long inputProblems, long skipped,
                          long elapsedMs, String plan, List<TaskStat> tasks) {
        public Summary {
            tasks = List.copyOf(tasks);
        }

        public int exitCode() {
            return failed + inputProblems > 0 ? 1 : 0;
        }
    }

    /** Puts each planned URL in the partition its key names. */
    private static final class ByIndex extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int partitions;

        ByIndex(int partitions) {
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key;
        }
    }

    /** How many of the URLs listed with different names the driver names one by one; the rest are counted. */
    static final int RENAMED_SHOWN = 20;

    private DownloadJob() {}

    /** {@link #run(SparkSession, JobOptions, Consumer)} with the warnings in the driver's log. */
    public static Summary run(SparkSession spark, JobOptions given) {
        return run(spark, given, LOG::warn);
    }

    /**
     * Runs the job; {@code warnings} gets the lines the user should read before the downloads start
     * (a URL the input lists with different names, which the job saves once).
     */
    public static Summary run(SparkSession spark, JobOptions given, Consumer<String> warnings) {
        PreviewCheck.require("driver");
        requireSafeConf(spark.sparkContext().getConf());
        var sc = spark.sparkContext();
        PathCheck.readableInput(sc.hadoopConfiguration(), given.input(), given.format());
        // The executors get the root as the driver resolved it: files and manifest under one directory.
        var options = given.withOutput(PathCheck.writableRoot(sc.hadoopConfiguration(), given.output()));
        // A plain path is on the cluster's default file system (HDFS on YARN): -N was only checked for a scheme.
        if (options.conditionalGet() && !Placement.isLocal(options.output())) {
            throw new JobRefused(JobOptions.conditionalGetRefused(options.output()));
        }
        long start = System.nanoTime();
        var runStarted = new Timestamp(System.currentTimeMillis());
        var progress = new PartitionDownloader.Progress(sc.longAccumulator("loomget files done"),
                sc.longAccumulator("loomget files up to date"), sc.longAccumulator("loomget files failed"), sc.longAccumulator("loomget bytes"),
                sc.<TaskStat>collectionAccumulator("loomget tasks"));
        var sqlConf = spark.conf();
        boolean userPartitions = sqlConf.contains(SHUFFLE_PARTITIONS);
        if (!userPartitions) {
            sqlConf.set(SHUFFLE_PARTITIONS, String.valueOf(shufflePartitions(sc.defaultParallelism(),
                    PathCheck.inputBytes(sc.hadoopConfiguration(), options.input()))));
        }
        try (var remaining = Remaining.of(spark, options)) {
            var tally = remaining.tally();
            if (tally.renamed() > 0) {
                warnRenamed(remaining.renamed(RENAMED_SHOWN), tally.renamed(), warnings);
            }
            String described = "";
            var manifest = Manifest.location(options.output());
            if (tally.urls() > 0) {
                int slots = sc.defaultParallelism();
                var plan = PartitionPlan.of(tally.perHost(), options.partitions() > 0 ? options.partitions()
                        : PartitionPlan.defaultPartitions(tally.urls(), slots), options.hostCap(), slots);
                described = plan.describe();
                LOG.info("loomget plan: {}", described);
                var caps = plan.parts().stream().mapToInt(PartitionPlan.Part::hostCap).toArray();
                var hadoopConf = hadoopConf(sc.hadoopConfiguration());
                var downloader = new PartitionDownloader(options, caps, hadoopConf, progress,
                        runStarted, Integer.parseInt(spark.conf().get(FAIL_FIRST_ATTEMPT_AFTER, "0")));
                var planned = remaining.urls().javaRDD().map(Inputs::planned);
                // A plan of one partition (a re-run with little left, a short list) needs no shuffle.
                var partitioned = plan.size() == 1 ? planned.coalesce(1)
                        : planned.mapToPair(p -> new Tuple2<>(plan.partitionOf(p.host(), p.url()), p))
                                .partitionBy(new ByIndex(plan.size()))
                                .values();
                // The downloads read the plan from files, not from the shuffle (PlanFiles says why), and
                // their rows are a write of their own: in one stage with the problems' rows (which read
                // the shuffles) a lost executor would again re-run the stage beside its live attempts.
                var planDir = PlanFiles.directory(options.output(), runStarted.getTime());
                try {
                    PlanFiles.write(partitioned, planDir, hadoopConf);
                    var rows = PlanFiles.read(JavaSparkContext.fromSparkContext(sc), planDir, plan.size(), hadoopConf)
                            .mapPartitions(downloader);
                    spark.createDataFrame(rows, Manifest.SCHEMA).write().mode(SaveMode.Append).parquet(manifest);
                } finally {
                    PlanFiles.delete(planDir, hadoopConf);
                }
            }
            // Nothing left and no bad lines: no download stage and no write (a run adds rows for what it tried).
            if (tally.problems() > 0) {
                remaining.problems().select(lit(null).cast("string").as("url"),
                        lit(null).cast("string").as("host"), lit(Outcome.FAILED).as("outcome"),
                        lit(null).cast("int").as("http_status"), lit(0L).as("bytes"), lit(null).cast("string").as("sha256"),
                        lit(null).cast("string").as("path"), concat(col("source"), lit(": "), col("problem")).as("error"),
                        lit(0).as("attempts"), lit(0L).as("elapsed_ms"), lit(runStarted).as("run"))
                        .write().mode(SaveMode.Append).parquet(manifest);
            }
            return new Summary(progress.done().value(), progress.upToDate().value(), progress.failed().value(),
                    progress.bytes().value(),
                    tally.problems(), tally.skipped(), (System.nanoTime() - start) / 1_000_000, described,
                    progress.tasks().value());
        } finally {
            if (!userPartitions) {
                sqlConf.unset(SHUFFLE_PARTITIONS);
            }
        }
    }

    /**
     * The manifest has one row per URL, so a URL listed twice is fetched once, under the name of its
     * first line; when its lines asked for different names the user hears which one it gets, as aria2
     * (which fetches each line) would have saved both.
     */
    static void warnRenamed(List<Remaining.Renamed> shown, long total, Consumer<String> warnings) {
        for (var r : shown) {
            warnings.accept("warning: " + Loomget.display(r.url()) + " is listed " + (r.listed() == 2 ? "twice"
                    : r.listed() + " times") + " with different names (" + String.join(", ", r.names())
                    + "); saving it once, as " + r.path());
        }
        if (total > shown.size()) {
            warnings.accept("warning: " + (total - shown.size()) + " more URLs are listed more than once with"
                    + " different names; each is saved once, under the name its first line gives");
        }
    }

    /**
     * Spark's default of 200 shuffle partitions makes each of the job's small aggregations (URLs per
     * host, names two URLs share, what is left) a stage of 200 tasks; unless the user set it, the job
     * uses two per task slot, or one per 64 MiB of input when that is more.
     */
    static int shufflePartitions(int parallelism, long inputBytes) {
        return (int) Math.min(Math.max(2L * Math.max(1, parallelism), Math.ceilDiv(inputBytes, 64L << 20)), 100_000);
    }

    /**
     * Two attempts of one task at once (speculation) would write the same files; executors without
     * --enable-preview would fail late, task by task. Both are refused before anything starts.
     */
    static void requireSafeConf(SparkConf conf) {
        if (conf.getBoolean("spark.speculation", false)) {
            throw new JobRefused("set spark.speculation=false: two attempts of one task would download"
                    + " the same URLs to the same paths at once");
        }
        var master = conf.get("spark.master", "local");
        boolean executorsAreThisJvm = master.equals("local") || master.startsWith("local[");
        // Spark starts executors with spark.executor.defaultJavaOptions (spark/spark-submit sets it), then extraJavaOptions.
        var executorOptions = conf.get("spark.executor.defaultJavaOptions", "") + " "
                + conf.get("spark.executor.extraJavaOptions", "");
        if (!executorsAreThisJvm && !executorOptions.contains("--enable-preview")) {
            throw new JobRefused("executors need JDK 25 with --enable-preview:"
                    + " --conf spark.executor.extraJavaOptions=--enable-preview");
        }
    }

    private static Map<String, String> hadoopConf(Configuration conf) {
        var map = new HashMap<String, String>();
        conf.forEach(e -> map.put(e.getKey(), e.getValue()));
        return map;
    }
}
