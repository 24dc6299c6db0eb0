package io.loomget.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The job's record of every URL, written by Spark as Parquet under {@code OUTPUT/_manifest}; each
 * run appends one row per URL it tried. {@code path} is relative to the output root.
 */
final class Manifest {

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
            .add("elapsed_ms", DataTypes.LongType, false);

    private Manifest() {}

    static String location(String root) {
        return root.endsWith("/") ? root + DIR : root + "/" + DIR;
    }

    static Row row(Outcome o, String host, String path) {
        return RowFactory.create(o.url(), host, o.outcome(), o.httpStatus(), o.bytes(), o.sha256(), path, o.error(),
                o.attempts(), o.elapsedMs());
    }
}
