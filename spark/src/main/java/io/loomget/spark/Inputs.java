package io.loomget.spark;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The job's input as a table: every entry read and checked in parallel, each URL with its final
 * path ({@code path}), and the input's problems as rows with {@code problem} set.
 */
final class Inputs {

    /**
     * Where an entry is in the input, to tell which of a URL's lines comes first: the file (its whole
     * path: a directory's files in the order of their names), then the entry's first byte in a text
     * file or the row's place in a table.
     */
    private static final StructType PLACE = new StructType()
            .add("file", DataTypes.StringType)
            .add("offset", DataTypes.LongType);

    private static final StructType ENTRIES = new StructType()
            .add("url", DataTypes.StringType)
            .add("host", DataTypes.StringType)
            .add("path0", DataTypes.StringType)
            .add("checksum", DataTypes.StringType)
            .add("connections", DataTypes.IntegerType)
            .add("headers", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), false)
            .add("mirrors", DataTypes.createArrayType(DataTypes.StringType), false)
            .add("source", DataTypes.StringType)
            .add("problem", DataTypes.StringType)
            .add("at", PLACE);

    private Inputs() {}

    /**
     * Every entry of the input, parsed: {@code url, host, path0, ..., source, problem, at, key}; {@code key}
     * is the URL with its login masked ({@link Names#masked(Column)}): what the job dedupes, names and
     * compares with the manifest by, while {@code url} (with the login) is what is fetched.
     */
    static Dataset<Row> entries(SparkSession spark, JobOptions options) {
        return spark.createDataFrame(read(spark, options), ENTRIES).withColumn("key", Names.masked(col("url")));
    }

    /**
     * The entries of {@code left} (valid ones, all or some of {@code valid}), each URL once, with
     * {@code path}, {@code listed}, the number of lines that listed it, and {@code names}: the names
     * its lines asked for, sorted, when they differ (else null). A URL is fetched once, with the
     * options of its first line in the input ({@code at}), whatever order Spark's shuffle brings the
     * lines in, so every run and every task attempt picks the same. A name that two URLs of the
     * whole input ({@code valid}) would take goes to neither, each gets its URL's hash in front of the
     * name. Only the names shared by two URLs come back from the whole input (one aggregation of
     * {@code url, path0}: a name is shared when its least and greatest URL differ, which needs no
     * distinct count and its second shuffle), so a re-run gives the few URLs left the paths the first
     * run gave them without shuffling the rows that are done.
     */
    static Dataset<Row> withPaths(Dataset<Row> valid, Dataset<Row> left) {
        var shared = valid.groupBy("path0").agg(min("key").as("least"), max("key").as("greatest"))
                .filter(col("least").notEqual(col("greatest"))).select(col("path0"), lit(true).as("shared"));
        // One whole line per URL (its first, as a struct, so its columns come from one line) and its count.
        // URLs that differ only in their login are one (one path, one manifest row): the first line's login is used.
        var rest = Arrays.stream(left.columns()).filter(c -> !c.equals("key")).map(functions::col)
                .toArray(Column[]::new);
        var once = left.groupBy("key").agg(min_by(struct(rest), col("at")).as("line"), count(lit(1)).as("listed"),
                        array_sort(collect_set(col("path0"))).as("names"))
                .select(col("key"), col("line.*"), col("listed"),
                        when(size(col("names")).gt(1), col("names")).as("names"));
        return once.join(shared, "path0", "left_outer")
                .withColumn("path", when(col("shared").isNotNull(),
                        concat(regexp_replace(col("path0"), "[^/]*$", ""), substring(sha2(col("key"), 256), 1, 10),
                                lit("-"), substring_index(col("path0"), "/", -1)))
                        .otherwise(col("path0")))
                .drop("shared");
    }

    /** A row of {@link #withPaths} as the downloader takes it. */
    static Planned planned(Row r) {
        return new Planned(r.getAs("url"), r.getAs("host"), r.getAs("path"), r.getAs("checksum"), r.getAs("connections"),
                r.getJavaMap(r.fieldIndex("headers")), r.getList(r.fieldIndex("mirrors")));
    }

    private static JavaRDD<Row> read(SparkSession spark, JobOptions options) {
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
        // A row's place: increasing with the row within a file (a file's splits keep their order).
        select.add(input_file_name());
        select.add(monotonically_increasing_id());
        String name = options.input();
        return table.select(select.toArray(Column[]::new)).javaRDD()
                .map(r -> {
                    PreviewCheck.require("executor");
                    // A row is named by its URL (a table has no line numbers); one without names its file.
                    return entryRow(Loomget.tableEntry(r.getString(0), r.getString(1), r.getString(2),
                            r.isNullAt(0) || r.getString(0).isBlank() ? name : name + " url " + r.getString(0)),
                            r.getString(3), r.getLong(4));
                });
    }

    /**
     * loomget's input format, split by Hadoop at every line that starts with {@code http}: an entry's
     * indented option lines always stay with their URL, so each split parses on its own.
     */
    private static JavaRDD<Row> links(SparkSession spark, String input) {
        var conf = new Configuration(spark.sparkContext().hadoopConfiguration());
        conf.set("textinputformat.record.delimiter", "\nhttp");
        // A directory's files in its subdirectories too, as Spark's CSV and Parquet readers take them
        // (Hadoop's default is to fail on a subdirectory, with a stack trace from the planner).
        conf.setBoolean(FileInputFormat.INPUT_DIR_RECURSIVE, true);
        // The input as one Path: newAPIHadoopFile(String) splits it at commas, so "a,b.txt" was read as
        // "a" and "b.txt" (input path does not exist), though the driver had checked the file.
        Job job;
        try {
            job = Job.getInstance(conf);
            FileInputFormat.setInputPaths(job, new org.apache.hadoop.fs.Path(input));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var records = (JavaNewHadoopRDD<LongWritable, Text>) JavaSparkContext.fromSparkContext(spark.sparkContext())
                .newAPIHadoopRDD(job.getConfiguration(), TextInputFormat.class, LongWritable.class, Text.class);
        // A problem names the file it is in (an input may be a directory of files) and its entry's first byte.
        return records.mapPartitionsWithInputSplit((split, pairs) -> {
            PreviewCheck.require("executor");
            var file = ((FileSplit) split).getPath();
            var name = file.getName();
            Iterable<scala.Tuple2<LongWritable, Text>> each = () -> pairs;
            return java.util.stream.StreamSupport.stream(each.spliterator(), false).flatMap(pair -> {
                long offset = pair._1().get();
                // The delimiter ate the "http" of every record but the file's first: the entry starts 4 bytes back.
                long start = offset == 0 ? 0 : offset - 4;
                var text = offset == 0 ? pair._2().toString() : "http" + pair._2();
                return Loomget.parseLinks(text, name + "@" + start).stream().map(e -> entryRow(e, file.toString(), start));
            }).iterator();
        }, true);
    }

    /** {@code e} as a row of {@link #ENTRIES}, found in {@code file} at {@code offset}. */
    private static Row entryRow(Entry e, String file, long offset) {
        var at = RowFactory.create(file, offset);
        if (e.problem() == null) {
            try {
                return RowFactory.create(e.url(), Names.host(e.url()), Names.path(e.url(), e.out()), e.checksum(),
                        e.connections(), scalaMap(e.headers()), scalaSeq(e.mirrors()), e.source(), null, at);
            } catch (IllegalArgumentException bad) {
                // A text entry's source is its place in the file; a table row's names the URL already.
                e = Entry.problem(e.source(), e.source().contains(e.url()) ? bad.getMessage()
                        : bad.getMessage() + " (" + e.url() + ")");
            }
        }
        // A problem ends up in the manifest's error column: no login from the line it quotes.
        return RowFactory.create(null, null, null, null, null, scalaMap(Map.of()), scalaSeq(List.of()),
                Loomget.redactText(e.source()), Loomget.redactText(e.problem()), at);
    }

    // A Row given to createDataFrame holds Scala collections for MAP and ARRAY columns.
    private static scala.collection.Map<String, String> scalaMap(Map<String, String> map) {
        return scala.jdk.javaapi.CollectionConverters.asScala(map);
    }

    private static scala.collection.immutable.Seq<String> scalaSeq(List<String> list) {
        return scala.jdk.javaapi.CollectionConverters.asScala(list).toList();
    }
}
