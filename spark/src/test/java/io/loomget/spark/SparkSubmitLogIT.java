package io.loomget.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code spark/spark-submit} logs: by default its own log4j2 configuration (Spark at WARN,
 * loomget at INFO) for the driver and the executors, never in place of one the user brings. The java
 * command is read from Spark's launcher ({@code SPARK_PRINT_LAUNCH_COMMAND}, with {@code --version},
 * which starts no job); one job runs in {@code local[1]} to see what reaches the terminal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(600) // hang guard: JVM starts under load
class SparkSubmitLogIT {

    static final Path JOB_LOG_CONFIG = Path.of("log4j2-job.properties").toAbsolutePath();
    private static final String OURS = "-Dlog4j2.configurationFile=" + JOB_LOG_CONFIG;
    private static final Path LOGS = Path.of("target", "it-logs");

    @TempDir
    Path tmp;
    private final List<SparkSubmit.Run> runs = new ArrayList<>();

    @BeforeAll
    void available() {
        SparkSubmit.requireAvailable();
    }

    @AfterEach
    void killWhatIsLeft() {
        runs.forEach(SparkSubmit.Run::kill);
        runs.clear();
    }

    private SparkSubmit.Run finished(List<String> args, Map<String, String> env, String name) throws Exception {
        var run = SparkSubmit.script(args, env, LOGS, name);
        runs.add(run);
        assertTrue(run.process().waitFor(300, TimeUnit.SECONDS), "spark-submit ends");
        return run;
    }

    /** The java command Spark's launcher built for the driver, its arguments included, as the launcher prints it. */
    private String launchCommand(Map<String, String> env, String name, String... args) throws Exception {
        var all = new ArrayList<>(List.of(args));
        all.add("--version");
        var withPrint = new java.util.HashMap<>(env);
        withPrint.put("SPARK_PRINT_LAUNCH_COMMAND", "1");
        var run = finished(all, withPrint, name);
        var err = run.err();
        var line = err.stream().filter(l -> l.startsWith("Spark Command: ")).findFirst()
                .orElseThrow(() -> new AssertionError(String.join("\n", err)));
        return line;
    }

    @Test
    void byDefaultTheDriverAndTheExecutorsGetTheJobsLogConfiguration() throws Exception {
        var command = launchCommand(Map.of(), "log-default");

        assertTrue(Files.isRegularFile(JOB_LOG_CONFIG));
        var driver = command.substring(0, command.indexOf(" org.apache.spark.deploy.SparkSubmit "));
        var executors = command.substring(command.indexOf("spark.executor.defaultJavaOptions="));
        assertTrue(driver.contains(" " + OURS + " "), command);
        assertTrue(executors.contains(" -Dlog4j2.configurationFile=\"" + JOB_LOG_CONFIG + "\""), command);
    }

    @Test
    void aConfigurationFileGivenInTheCommandIsTheOneUsed() throws Exception {
        var theirs = Files.writeString(tmp.resolve("theirs.properties"), "rootLogger.level = debug\n");

        var command = launchCommand(Map.of(), "log-theirs", "--driver-java-options",
                "-Dlog4j2.configurationFile=" + theirs);

        assertTrue(command.contains(" -Dlog4j2.configurationFile=" + theirs + " "), command);
        assertFalse(command.contains(JOB_LOG_CONFIG.toString()), command);
    }

    @Test
    void aLog4j2FileInSparksConfDirectoryIsLeftToWork() throws Exception {
        var conf = Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(conf.resolve("log4j2.properties"), "rootLogger.level = debug\n");

        var command = launchCommand(Map.of("SPARK_CONF_DIR", conf.toString()), "log-conf-dir");

        assertFalse(command.contains("log4j2.configurationFile"), command);
    }

    @Test
    void aJobPrintsItsOwnLinesAndNoSparkInfoLines() throws Exception {
        try (var server = RangeServer.builder().start()) {
            var urls = new ArrayList<String>();
            for (int i = 0; i < 5; i++) {
                server.add("/f/" + i + ".bin", Content.generated(10_000 + i, i));
                urls.add(server.uri("/f/" + i + ".bin").toString());
            }
            urls.add(server.uri("/f/missing.bin").toString());
            var input = Files.write(tmp.resolve("links.txt"), urls);

            var run = finished(List.of("--master", "local[1]", "--class", SparkMain.class.getName(),
                    "--conf", "spark.driver.bindAddress=127.0.0.1", "--conf", "spark.driver.host=127.0.0.1",
                    "--conf", "spark.ui.enabled=false", SparkSubmit.JOB_JAR.toAbsolutePath().toString(),
                    input.toString(), tmp.resolve("out").toString()), Map.of(), "log-job");

            assertEquals(1, run.process().exitValue(), run.log()); // the missing file
            assertTrue(run.out().stream().anyMatch(l -> l.startsWith("loomget-spark: 5 downloaded (")), run.log());
            var info = run.err().stream().filter(l -> l.contains(" INFO ")).toList();
            assertEquals(2, info.size(), run.log());
            assertTrue(info.get(0).contains(" INFO DownloadJob: loomget plan: "), info::toString);
            assertTrue(info.get(1).contains(" INFO PartitionDownloader: loomget partition "), info::toString);
        }
    }
}
