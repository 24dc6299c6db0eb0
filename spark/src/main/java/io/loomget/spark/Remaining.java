package io.loomget.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * What a run has left to do: the input read once, minus the URLs the manifest has a
 * {@code downloaded} or {@code up_to_date} row for (one join on the URL with its login masked, the
 * form the manifest keeps, reading only the manifest's {@code url}
 * and {@code outcome} columns), each remaining URL once with its path, plus the input's
 * problems (rows with no {@code host}). Dedupe and paths are worked out for what is left only, so
 * a re-run with little left shuffles little; the table is cached for the counts and the downloads.
 * The URLs skipped as done are not counted on their own (a second pass over the join): they are
 * the valid lines less the lines of what is left, which the dedupe counts ({@code listed}).
 */
final class Remaining implements AutoCloseable {

    private static final String DONE = "_done";

    /**
     * The counts the plan is made from, from one small aggregation.
     *
     * @param perHost  URLs left per host key
     * @param problems bad input lines
     * @param skipped  input URLs (as listed, a URL listed twice counts twice) the manifest has as downloaded (or up to date)
     * @param renamed  URLs left that the input lists more than once with different names
     */
    record Tally(Map<String, Long> perHost, long problems, long skipped, long renamed) {
        long urls() {
            return perHost.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Dataset<Row> entries;
    private final Dataset<Row> valid;
    private final Dataset<Row> work;

    private Remaining(Dataset<Row> entries, Dataset<Row> valid, Dataset<Row> work) {
        this.entries = entries;
        this.valid = valid;
        this.work = work;
    }

    static Remaining of(SparkSession spark, JobOptions options) {
        // Parsed once: the problems, the shared names, what is left and what is done all read it.
        var entries = Inputs.entries(spark, options).persist(StorageLevel.MEMORY_AND_DISK());
        // Filled by one job of one stage first (a count would add a shuffle and a second job): the
        // tally's stages start together and, on a cluster, each would otherwise parse the input on
        // another executor.
        entries.foreachPartition((ForeachPartitionFunction<Row>) rows -> rows.forEachRemaining(row -> { }));
        var valid = entries.filter(col("problem").isNull());
        var manifest = Manifest.location(options.output());
        Dataset<Row> left = valid;
        // With -N nothing is done: the server says whether each file is still current.
        if (!options.conditionalGet() && hasRows(spark, manifest)) {
            // The schema given: no job to infer it from the files' footers; only two columns are read.
            // A URL with several such rows (one per -N run) doubles only lines that the filter then drops.
            var done = spark.read().schema(Manifest.SCHEMA).parquet(manifest)
                    .filter(col("outcome").isin(Outcome.DOWNLOADED, Outcome.UP_TO_DATE))
                    // Masked again: a manifest written before the job masked logins holds them in full.
                    .select(Names.masked(col("url")).as("key"), lit(true).as(DONE));
            left = valid.join(done, "key", "left_outer").filter(col(DONE).isNull()).drop(DONE);
        }
        var problems = entries.filter(col("problem").isNotNull()).withColumn("path", lit(null).cast("string"))
                .withColumn("listed", lit(null).cast("long")).withColumn("names", lit(null).cast("array<string>"));
        var work = Inputs.withPaths(valid, left).unionByName(problems).persist(StorageLevel.MEMORY_AND_DISK());
        return new Remaining(entries, valid, work);
    }

    /**
     * Counts per host, problems, and the valid lines (less the lines left: the skipped ones) in one
     * job; only a row per host reaches the driver.
     */
    Tally tally() {
        var counts = work.groupBy(col("host")).agg(count(lit(1)).as("n"), sum(col("listed")).as("listed"),
                        count(col("names")).as("renamed"))
                .select(lit(false).as("all"), col("host"), col("n"), col("listed"), col("renamed"))
                .unionByName(valid.agg(count(lit(1)).as("n")).select(lit(true).as("all"),
                        lit(null).cast("string").as("host"), col("n"), lit(null).cast("long").as("listed"),
                        lit(0L).as("renamed")));
        var perHost = new HashMap<String, Long>();
        long problems = 0, validLines = 0, leftLines = 0, renamed = 0;
        for (var r : counts.collectAsList()) {
            if (r.getBoolean(0)) {
                validLines += r.getLong(2);
            } else if (r.isNullAt(1)) {
                problems += r.getLong(2);
            } else {
                perHost.put(r.getString(1), r.getLong(2));
                leftLines += r.getLong(3);
                renamed += r.getLong(4);
            }
        }
        return new Tally(perHost, problems, validLines - leftLines, renamed);
    }

    /**
     * A URL the input lists more than once with different names: saved once, as {@code path} (from
     * its first line); {@code names} all that its lines asked for, sorted.
     */
    record Renamed(String url, long listed, List<String> names, String path) {}

    /** Up to {@code limit} of the URLs left that the input lists with different names; only worth asking when the tally counted some. */
    List<Renamed> renamed(int limit) {
        return work.filter(col("names").isNotNull()).select(col("url"), col("listed"), col("names"), col("path"))
                .limit(limit).collectAsList().stream()
                .map(r -> new Renamed(r.getString(0), r.getLong(1), r.getList(2), r.getString(3))).toList();
    }

    /** The URLs to download: {@code url, host, path, checksum, connections, headers, mirrors, ...}. */
    Dataset<Row> urls() {
        return work.filter(col("host").isNotNull());
    }

    /** The input's problems: {@code source, problem}. */
    Dataset<Row> problems() {
        return work.filter(col("host").isNull());
    }

    @Override
    public void close() {
        work.unpersist();
        entries.unpersist();
    }

    /**
     * Whether the manifest holds committed rows: a first run that died before its write committed
     * leaves the directory with only Spark's {@code _temporary} in it, which Parquet cannot read.
     */
    private static boolean hasRows(SparkSession spark, String location) {
        try {
            var path = new Path(location);
            var fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(path)) {
                return false;
            }
            return Arrays.stream(fs.listStatus(path)).map(f -> f.getPath().getName())
                    .anyMatch(name -> !name.startsWith("_") && !name.startsWith("."));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look at " + location + ": " + e.getMessage(), e);
        }
    }
}
