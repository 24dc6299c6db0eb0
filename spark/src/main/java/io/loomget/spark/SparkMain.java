package io.loomget.spark;

import org.apache.spark.sql.SparkSession;

/**
 * {@code spark-submit --class io.loomget.spark.SparkMain loomget-spark.jar [options] INPUT OUTPUT}.
 * Exit codes as the CLI's: 0 everything downloaded, 1 some URLs not found or failed (or bad input
 * lines), 2 usage error.
 */
public final class SparkMain {

    private SparkMain() {}

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.print(JobOptions.USAGE);
            return;
        }
        JobOptions options;
        try {
            options = JobOptions.parse(args);
        } catch (JobOptions.UsageException e) {
            System.err.println("loomget-spark: " + e.getMessage());
            System.err.print(JobOptions.USAGE);
            System.exit(2);
            return;
        }
        int exit;
        var spark = SparkSession.builder().appName("loomget " + options.input()).getOrCreate();
        try {
            var s = DownloadJob.run(spark, options);
            System.out.printf("loomget-spark: %d downloaded (%d bytes), %d not found or failed, %d bad input lines,"
                            + " %d skipped as already downloaded, in %.1f s; manifest %s%n",
                    s.downloaded(), s.bytes(), s.failed(), s.inputProblems(), s.skipped(), s.elapsedMs() / 1000.0,
                    Manifest.location(options.output()));
            exit = s.exitCode();
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println("loomget-spark: " + e.getMessage());
            exit = 2;
        } finally {
            spark.stop();
        }
        System.exit(exit);
    }
}
