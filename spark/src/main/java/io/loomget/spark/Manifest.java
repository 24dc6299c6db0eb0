package io.loomget.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The job's record of every URL, written by Spark as Parquet under {@code OUTPUT/_manifest}; each
 * run appends one row per URL it tried, all stamped with the run's start ({@code run}). {@code path}
 * is relative to the output root; {@code url} is the URL with its login, if any, masked
 * ({@code http://***@host/x}, {@link Names#masked(String)}), the form re-runs compare. {@link #latest} is the one-row-per-URL view users read.
 */
public final class Manifest {

    static final String DIR = "_manifest";

    static final StructType SCHEMA = new StructType()
            .add("url", DataTypes.StringType)
            .add("host", DataTypes.StringType)
            .add("outcome", DataTypes.StringType, false)
            .add("http_status", DataTypes.IntegerType)
            .add("bytes", DataTypes.LongType, false)
            .add("sha256", DataTypes.StringType)
            .add("path", DataTypes.StringType)
            .add("error", DataTypes.StringType)
            .add("attempts", DataTypes.IntegerType, false)
            .add("elapsed_ms", DataTypes.LongType, false)
            .add("run", DataTypes.TimestampType, false);

    private Manifest() {}

    /** {@code OUTPUT/_manifest}. */
    public static String location(String root) {
        return root.endsWith("/") ? root + DIR : root + "/" + DIR;
    }

    /**
     * Every URL's current state: its row from the latest run that tried it (a URL with a
     * {@code downloaded} or {@code up_to_date} row is tried again only with {@code -N}, whose row then is its last). Bad input lines
     * (rows with no URL) are left out; they are the rows with {@code url IS NULL} of each run.
     */
    public static Dataset<Row> latest(SparkSession spark, String root) {
        var newestFirst = Window.partitionBy("url").orderBy(col("run").desc());
        // Masked again: rows written before the job masked logins hold them in full.
        return spark.read().parquet(location(root)).filter(col("url").isNotNull())
                .withColumn("url", Names.masked(col("url")))
                .withColumn("_newest", row_number().over(newestFirst))
                .filter(col("_newest").equalTo(1)).drop("_newest");
    }

    static Row row(Outcome o, String host, String path, Timestamp run) {
        // The manifest is for sharing: no login in a URL, none in a message that quotes one.
        return RowFactory.create(Names.masked(o.url()), host, o.outcome(), o.httpStatus(), o.bytes(), o.sha256(), path,
                Loomget.redactText(o.error()),
                o.attempts(), o.elapsedMs(), run);
    }
}
