package io.loomget.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The job on the driver: read and check the input, give every URL its path, leave out URLs the
 * manifest already has as downloaded, spread the rest over partitions by host, download each
 * partition with {@link PartitionDownloader}, and append the outcomes (and the input's problems)
 * to the manifest in one Spark write, whose commit protocol keeps only successful task attempts' rows.
 */
public final class DownloadJob {

    /** Conf key for tests: the first attempt of every download task fails after this many rows. */
    static final String FAIL_FIRST_ATTEMPT_AFTER = "spark.loomget.test.failFirstAttemptAfter";

    /** What the run did, from the job's accumulators. */
    public record Summary(long downloaded, long failed, long bytes, long inputProblems, long skipped, long elapsedMs) {
        public int exitCode() {
            return failed + inputProblems > 0 ? 1 : 0;
        }
    }

    private static final StructType PLANNED = new StructType()
            .add("url", DataTypes.StringType)
            .add("host", DataTypes.StringType)
            .add("path0", DataTypes.StringType)
            .add("checksum", DataTypes.StringType)
            .add("connections", DataTypes.IntegerType)
            .add("headers", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), false)
            .add("mirrors", DataTypes.createArrayType(DataTypes.StringType), false)
            .add("source", DataTypes.StringType)
            .add("problem", DataTypes.StringType);

    private DownloadJob() {}

    public static Summary run(SparkSession spark, JobOptions options) {
        PreviewCheck.require("driver");
        requireSafeConf(spark.sparkContext().getConf());
        long start = System.nanoTime();
        var sc = spark.sparkContext();
        var progress = new PartitionDownloader.Progress(sc.longAccumulator("loomget files done"),
                sc.longAccumulator("loomget files failed"), sc.longAccumulator("loomget bytes"));
        var problemCount = sc.longAccumulator("loomget input problems");

        var entries = spark.createDataFrame(entries(spark, options).map(DownloadJob::plannedRow), PLANNED);
        var valid = entries.filter(col("problem").isNull()).dropDuplicates("url");
        // A path that two URLs would take goes to neither: each gets its URL's hash in front of the name.
        var collisions = count(lit(1)).over(Window.partitionBy("path0"));
        var withPaths = valid.withColumn("path", when(collisions.gt(1),
                        concat(regexp_replace(col("path0"), "[^/]*$", ""), substring(sha2(col("url"), 256), 1, 10),
                                lit("-"), substring_index(col("path0"), "/", -1)))
                .otherwise(col("path0")));

        var manifest = Manifest.location(options.output());
        long skipped = 0;
        if (exists(spark, manifest)) {
            var done = spark.read().parquet(manifest).filter(col("outcome").equalTo(Outcome.DOWNLOADED))
                    .select("url").distinct();
            skipped = withPaths.join(done, "url", "left_semi").count();
            withPaths = withPaths.join(done, "url", "left_anti");
        }

        int partitions = options.partitions() > 0 ? options.partitions() : 2 * sc.defaultParallelism();
        var downloader = new PartitionDownloader(options, hadoopConf(sc.hadoopConfiguration()), progress,
                Integer.parseInt(spark.conf().get(FAIL_FIRST_ATTEMPT_AFTER, "0")));
        var outcomes = withPaths.repartition(partitions, col("host"))
                .mapPartitions(downloader, Encoders.row(Manifest.SCHEMA));
        var problems = entries.filter(col("problem").isNotNull())
                .filter((FilterFunction<Row>) r -> {
                    problemCount.add(1);
                    return true;
                })
                .select(lit(null).cast("string").as("url"), lit(null).cast("string").as("host"),
                        lit(Outcome.FAILED).as("outcome"), lit(null).cast("int").as("http_status"),
                        lit(0L).as("bytes"), lit(null).cast("string").as("sha256"), lit(null).cast("string").as("path"),
                        concat(col("source"), lit(": "), col("problem")).as("error"),
                        lit(0).as("attempts"), lit(0L).as("elapsed_ms"));
        outcomes.unionByName(problems).write().mode(SaveMode.Append).parquet(manifest);

        return new Summary(progress.done().value(), progress.failed().value(), progress.bytes().value(),
                problemCount.value(), skipped, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Two attempts of one task at once (speculation) would write the same files; executors without
     * --enable-preview would fail late, task by task. Both are refused before anything starts.
     */
    static void requireSafeConf(org.apache.spark.SparkConf conf) {
        if (conf.getBoolean("spark.speculation", false)) {
            throw new IllegalStateException("set spark.speculation=false: two attempts of one task would download"
                    + " the same URLs to the same paths at once");
        }
        var master = conf.get("spark.master", "local");
        if (!master.startsWith("local") && !conf.get("spark.executor.extraJavaOptions", "").contains("--enable-preview")) {
            throw new IllegalStateException("executors need JDK 25 with --enable-preview:"
                    + " --conf spark.executor.extraJavaOptions=--enable-preview");
        }
    }

    private static JavaRDD<Entry> entries(SparkSession spark, JobOptions options) {
        if (options.format().equals("links")) {
            return links(spark, options.input());
        }
        var reader = spark.read();
        Dataset<Row> table = options.format().equals("csv")
                ? reader.option("header", "true").csv(options.input())
                : reader.parquet(options.input());
        var columns = Arrays.asList(table.columns());
        if (!columns.contains("url")) {
            throw new IllegalArgumentException(options.input() + " has no 'url' column (columns: " + columns + ")");
        }
        var select = new ArrayList<>(List.of(col("url").cast("string")));
        select.add(columns.contains("out") ? col("out").cast("string") : lit(null).cast("string"));
        select.add(columns.contains("checksum") ? col("checksum").cast("string") : lit(null).cast("string"));
        String name = options.input();
        return table.select(select.toArray(org.apache.spark.sql.Column[]::new)).javaRDD()
                .map(r -> {
                    PreviewCheck.require("executor");
                    return Loomget.tableEntry(r.getString(0), r.getString(1), r.getString(2), name + " url " + r.getString(0));
                });
    }

    /**
     * loomget's input format, split by Hadoop at every line that starts with {@code http}: an entry's
     * indented option lines always stay with their URL, so each split parses on its own.
     */
    private static JavaRDD<Entry> links(SparkSession spark, String input) {
        var conf = new Configuration(spark.sparkContext().hadoopConfiguration());
        conf.set("textinputformat.record.delimiter", "\nhttp");
        var name = new org.apache.hadoop.fs.Path(input).getName();
        return JavaSparkContext.fromSparkContext(spark.sparkContext())
                .newAPIHadoopFile(input, TextInputFormat.class, LongWritable.class, Text.class, conf)
                .flatMap(pair -> {
                    PreviewCheck.require("executor");
                    long offset = pair._1().get();
                    // The delimiter ate the "http" of every record but the file's first.
                    var text = offset == 0 ? pair._2().toString() : "http" + pair._2();
                    return Loomget.parseLinks(text, name + "@" + offset).iterator();
                });
    }

    private static Row plannedRow(Entry e) {
        if (e.problem() == null) {
            try {
                return RowFactory.create(e.url(), Names.host(e.url()), Names.path(e.url(), e.out()), e.checksum(),
                        e.connections(), scalaMap(e.headers()), scalaSeq(e.mirrors()), e.source(), null);
            } catch (IllegalArgumentException bad) {
                e = Entry.problem(e.source(), bad.getMessage() + " (" + e.url() + ")");
            }
        }
        return RowFactory.create(null, null, null, null, null, scalaMap(Map.of()), scalaSeq(List.of()), e.source(), e.problem());
    }

    // A Row given to createDataFrame holds Scala collections for MAP and ARRAY columns.
    private static scala.collection.Map<String, String> scalaMap(Map<String, String> map) {
        return scala.jdk.javaapi.CollectionConverters.asScala(map);
    }

    private static scala.collection.immutable.Seq<String> scalaSeq(List<String> list) {
        return scala.jdk.javaapi.CollectionConverters.asScala(list).toList();
    }

    private static boolean exists(SparkSession spark, String location) {
        try {
            var path = new org.apache.hadoop.fs.Path(location);
            return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path);
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
