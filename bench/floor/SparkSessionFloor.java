import org.apache.spark.sql.SparkSession;

/**
 * The floor of a Spark job on this machine, for bench/spark-rerun.sh: start a session, count the
 * lines of one text file (one small job), stop. Prints both times.
 * Usage: java [Spark's JVM options] -cp SPARK_CLASSPATH:DIR SparkSessionFloor FILE
 */
public class SparkSessionFloor {
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        var spark = SparkSession.builder().getOrCreate();
        long t1 = System.nanoTime();
        long lines = spark.read().text(args[0]).count();
        long t2 = System.nanoTime();
        System.out.printf("floor: session %.1f s, %d lines counted in %.1f s%n", (t1 - t0) / 1e9, lines, (t2 - t1) / 1e9);
        spark.stop();
    }
}
