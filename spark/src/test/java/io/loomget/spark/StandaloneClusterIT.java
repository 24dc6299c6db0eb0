package io.loomget.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.testsupport.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone cluster started as the README shows, without a Spark distribution: a Master and two
 * one-core Workers from {@code spark/spark-class}, each its own JVM on 127.0.0.1 (ports chosen by the
 * JVMs, read from their logs), and the job submitted to it by {@code spark/spark-submit} with no JVM
 * option of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// Hang guard only: JVM starts took 80 s under a load of 20.
@Timeout(900)
class StandaloneClusterIT {

    private static final int HOSTS = 2;
    private static final int FILES = 150;
    private static final Pattern MASTER_URL = Pattern.compile("Starting Spark master at (spark://\\S+)");
    private static final Path LOGS = Path.of("target", "it-logs");

    private final List<SparkSubmit.Run> daemons = new ArrayList<>();
    private ServedFiles served;
    private SparkSession reader;
    private String master;
    private Path tmp;

    @BeforeAll
    void startCluster(@TempDir Path tmp) throws Exception {
        this.tmp = tmp;
        SparkSubmit.requireAvailable();
        var masterRun = daemon("org.apache.spark.deploy.master.Master",
                List.of("--host", "127.0.0.1", "--port", "0", "--webui-port", "0"), "standalone-master");
        master = Poll.until(Duration.ofSeconds(300), "the master's URL in its log",
                () -> masterRun.err().stream().map(MASTER_URL::matcher).filter(java.util.regex.Matcher::find)
                        .map(m -> m.group(1)).findFirst().orElse(null),
                url -> url != null || !masterRun.process().isAlive());
        assertTrue(master != null, masterRun.log());
        for (int w = 1; w <= 2; w++) {
            daemon("org.apache.spark.deploy.worker.Worker", List.of("--host", "127.0.0.1", "--cores", "1",
                    "--memory", "1536m", "--webui-port", "0", "--work-dir", tmp.resolve("worker-" + w).toString(),
                    master), "standalone-worker-" + w);
        }
        long registered = Poll.until(Duration.ofSeconds(300), "two workers registered with the master",
                () -> masterRun.err().stream().filter(l -> l.contains("Registering worker")).count(),
                n -> n >= 2 || !masterRun.process().isAlive());
        assertEquals(2, registered, masterRun.log());

        served = ServedFiles.start(HOSTS, FILES, Duration.ZERO);
        Files.write(tmp.resolve("links.txt"), served.urls());
    }

    @AfterAll
    void stop() {
        daemons.forEach(SparkSubmit.Run::kill);
        if (served != null) {
            served.close();
        }
        if (reader != null) {
            reader.stop();
        }
    }

    @Test
    void theJobRunsOnAStandaloneClusterStartedWithTheScriptsEveryExecutorWithTheScriptsJvmDefaults() throws Exception {
        var root = tmp.resolve("out");
        var run = SparkSubmit.start(master, LOGS, "standalone-job",
                List.of("-j", "16", tmp.resolve("links.txt").toString(), root.toString()));
        daemons.add(run);
        assertTrue(run.process().waitFor(600, TimeUnit.SECONDS), "the job ends");

        assertEquals(0, run.process().exitValue(), run.log());
        reader = LocalSpark.start("StandaloneClusterIT reader");
        var rows = Manifest.latest(reader, root.toString()).collectAsList();
        assertEquals(served.contents().size(), rows.size(), "one row per URL");
        for (var row : rows) {
            var content = served.contents().get(row.<String>getAs("url"));
            assertEquals("downloaded", row.getAs("outcome"));
            assertEquals(content.sha256Hex(), Checksums.sha256(root.resolve(row.<String>getAs("path"))));
        }
        // Each Worker started an executor for the job, and its command (first line of its stderr) has
        // --enable-preview and the CLI's JIT policy, which only the script's defaults gave.
        for (int w = 1; w <= 2; w++) {
            List<String> commands;
            try (var files = Files.walk(tmp.resolve("worker-" + w))) {
                commands = files.filter(f -> f.getFileName().toString().equals("stderr")).map(StandaloneClusterIT::firstLine)
                        .toList();
            }
            assertEquals(1, commands.size(), "executors of worker " + w + ": " + commands);
            assertTrue(commands.getFirst().contains("--enable-preview")
                    && commands.getFirst().contains("-XX:Tier4InvocationThreshold=300"), commands.getFirst());
        }
    }

    private SparkSubmit.Run daemon(String className, List<String> args, String name) throws IOException {
        var run = SparkSubmit.startClass(className, args, LOGS, name);
        daemons.add(run);
        return run;
    }

    private static String firstLine(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.findFirst().orElse("");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
