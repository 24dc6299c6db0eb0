package io.loomget.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.Partitioner;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The job on the driver: check the input and the output root, read the input and give every URL its
 * path, leave out URLs the manifest already has as downloaded, count the rest per host and plan the
 * partitions from those counts ({@link PartitionPlan}), download each partition with
 * {@link PartitionDownloader}, and append the outcomes (and the input's problems) to the manifest in
 * one Spark write, whose commit protocol keeps only successful task attempts' rows.
 */
public final class DownloadJob {

    /** Conf key for tests: the first attempt of every download task fails after this many rows. */
    static final String FAIL_FIRST_ATTEMPT_AFTER = "spark.loomget.test.failFirstAttemptAfter";
    private static final Logger LOG = LoggerFactory.getLogger(DownloadJob.class);

    /**
     * What the run did, from the job's accumulators.
     *
     * @param plan  the partition plan, described in one line (empty when nothing was left to download)
     * @param tasks the successful download tasks, for the spread of work over executors
     */
    public record Summary(long downloaded, long failed, long bytes, long inputProblems, long skipped, long elapsedMs,
                          String plan, List<TaskStat> tasks) {
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

    private DownloadJob() {}

    public static Summary run(SparkSession spark, JobOptions options) {
        PreviewCheck.require("driver");
        requireSafeConf(spark.sparkContext().getConf());
        var sc = spark.sparkContext();
        PathCheck.readableInput(sc.hadoopConfiguration(), options.input());
        PathCheck.writableRoot(sc.hadoopConfiguration(), options.output());
        long start = System.nanoTime();
        var runStarted = new Timestamp(System.currentTimeMillis());
        var progress = new PartitionDownloader.Progress(sc.longAccumulator("loomget files done"),
                sc.longAccumulator("loomget files failed"), sc.longAccumulator("loomget bytes"),
                sc.<TaskStat>collectionAccumulator("loomget tasks"));
        var problemCount = sc.longAccumulator("loomget input problems");

        var entries = Inputs.entries(spark, options);
        // Read, pathed and checked against the manifest once: the counts and the downloads both use it.
        var flagged = flagDone(spark, Inputs.withPaths(entries), Manifest.location(options.output()),
                options.conditionalGet())
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            var perHost = new HashMap<String, Long>();
            long skipped = 0;
            for (var r : flagged.groupBy("host", "done").count().collectAsList()) {
                if (r.getBoolean(1)) {
                    skipped += r.getLong(2);
                } else {
                    perHost.put(r.getString(0), r.getLong(2));
                }
            }
            long remaining = perHost.values().stream().mapToLong(Long::longValue).sum();
            String described = "";
            Dataset<Row> outcomes = spark.createDataFrame(List.of(), Manifest.SCHEMA);
            if (remaining > 0) {
                int partitions = options.partitions() > 0 ? options.partitions()
                        : PartitionPlan.defaultPartitions(remaining, sc.defaultParallelism());
                var plan = PartitionPlan.of(perHost, partitions, options.hostCap());
                described = plan.describe();
                LOG.info("loomget plan: {}", described);
                var caps = plan.parts().stream().mapToInt(PartitionPlan.Part::hostCap).toArray();
                var downloader = new PartitionDownloader(options, caps, hadoopConf(sc.hadoopConfiguration()), progress,
                        runStarted, Integer.parseInt(spark.conf().get(FAIL_FIRST_ATTEMPT_AFTER, "0")));
                var rows = flagged.filter(col("done").equalTo(false)).javaRDD()
                        .mapToPair(r -> {
                            var p = Inputs.planned(r);
                            return new Tuple2<>(plan.partitionOf(p.host(), p.url()), p);
                        })
                        .partitionBy(new ByIndex(plan.size()))
                        .values()
                        .mapPartitions(downloader);
                outcomes = spark.createDataFrame(rows, Manifest.SCHEMA);
            }
            var problems = entries.filter(col("problem").isNotNull())
                    .filter((FilterFunction<Row>) r -> {
                        problemCount.add(1);
                        return true;
                    })
                    .select(lit(null).cast("string").as("url"), lit(null).cast("string").as("host"),
                            lit(Outcome.FAILED).as("outcome"), lit(null).cast("int").as("http_status"),
                            lit(0L).as("bytes"), lit(null).cast("string").as("sha256"), lit(null).cast("string").as("path"),
                            concat(col("source"), lit(": "), col("problem")).as("error"),
                            lit(0).as("attempts"), lit(0L).as("elapsed_ms"), lit(runStarted).as("run"));
            outcomes.unionByName(problems).write().mode(SaveMode.Append).parquet(Manifest.location(options.output()));

            return new Summary(progress.done().value(), progress.failed().value(), progress.bytes().value(),
                    problemCount.value(), skipped, (System.nanoTime() - start) / 1_000_000, described,
                    progress.tasks().value());
        } finally {
            flagged.unpersist();
        }
    }

    /**
     * {@code withPaths} plus {@code done}: whether the manifest has a {@code downloaded} row for the URL.
     * With {@code -N} ({@code askAgain}) nothing is done: the server says whether each file is still current.
     */
    private static Dataset<Row> flagDone(SparkSession spark, Dataset<Row> withPaths, String manifest, boolean askAgain) {
        if (askAgain || !hasRows(spark, manifest)) {
            return withPaths.withColumn("done", lit(false));
        }
        var done = spark.read().parquet(manifest).select("url", "outcome")
                .filter(col("outcome").equalTo(Outcome.DOWNLOADED))
                .select(col("url"), lit(true).as("done")).distinct();
        return withPaths.join(done, "url", "left_outer")
                .withColumn("done", coalesce(col("done"), lit(false)));
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
        if (!executorsAreThisJvm && !conf.get("spark.executor.extraJavaOptions", "").contains("--enable-preview")) {
            throw new JobRefused("executors need JDK 25 with --enable-preview:"
                    + " --conf spark.executor.extraJavaOptions=--enable-preview");
        }
    }

    /**
     * Whether the manifest holds committed rows: a first run that died before its write committed
     * leaves the directory with only Spark's {@code _temporary} in it, which Parquet cannot read.
     */
    private static boolean hasRows(SparkSession spark, String location) {
        try {
            var path = new org.apache.hadoop.fs.Path(location);
            var fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(path)) {
                return false;
            }
            return java.util.Arrays.stream(fs.listStatus(path)).map(f -> f.getPath().getName())
                    .anyMatch(name -> !name.startsWith("_") && !name.startsWith("."));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look at " + location + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> hadoopConf(Configuration conf) {
        var map = new HashMap<String, String>();
        conf.forEach(e -> map.put(e.getKey(), e.getValue()));
        return map;
    }
}
