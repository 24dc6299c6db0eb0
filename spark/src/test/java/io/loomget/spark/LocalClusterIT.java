package io.loomget.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job as users run it: {@code spark-submit} of the shaded jar to {@code local-cluster[2,1,1024]}
 * (a Master, two Workers and two executor JVMs) with three equal hosts, one executor killed mid-run,
 * then a second run once the hosts' missing files exist.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// Hang guards only: about 30 s a run on an idle 2-core machine, but JVM starts took 80 s under a load of 20.
@Timeout(900)
class LocalClusterIT {

    private static final int HOSTS = 3;
    private static final int FILES = 240;
    private static final int MISSING = 5;
    private static final int CAP = 4;
    /** The driver's line for the task that downloaded the most URLs (the counted ones, not the plan's estimate). */
    private static final Pattern LARGEST = Pattern.compile("^loomget-spark: largest task: partition \\d+, (\\d+) URLs?");
    private static final Pattern EXECUTOR = Pattern.compile("^loomget-spark: executor (\\S+): (\\d+) tasks?");

    /** Kept after the run (the temporary directory is not), for reading when a test fails. */
    private static final Path LOGS = Path.of("target", "it-logs");

    private final List<SparkSubmit.Run> runs = new ArrayList<>();
    private ServedFiles served;
    private List<RangeServer> servers;
    private Map<String, Content> contents;
    private final Map<String, RangeServer> missing = new HashMap<>();
    private SparkSession reader;
    private Path tmp;
    private Path input;
    private Path root;

    @BeforeAll
    void serve(@TempDir Path tmp) throws IOException {
        this.tmp = tmp;
        SparkSubmit.requireAvailable();
        // Latency keeps the run long enough to kill an executor in the middle of it.
        served = ServedFiles.start(HOSTS, FILES, Duration.ofMillis(20));
        servers = served.servers();
        contents = served.contents();
        var links = new ArrayList<>(served.urls());
        for (var server : servers) {
            for (int i = 0; i < MISSING; i++) {
                var url = server.uri("/later/" + i + ".bin").toString();
                missing.put(url, server);
                links.add(url);
            }
        }
        input = Files.write(tmp.resolve("links.txt"), links);
        root = tmp.resolve("out");
    }

    /** A failed assertion or a timeout leaves no driver, worker or executor JVM behind. */
    @AfterEach
    void killWhatIsLeft() {
        runs.forEach(SparkSubmit.Run::kill);
        runs.clear();
    }

    @AfterAll
    void stop() {
        if (served != null) {
            served.close();
        }
        if (reader != null) {
            reader.stop();
        }
    }

    private List<String> jobArgs() {
        return List.of("-j", "8", "--max-connections-per-host", String.valueOf(CAP), "--retries", "2",
                "--retry-wait", "0.05", input.toString(), root.toString());
    }

    private long served() {
        return servers.stream().mapToLong(s -> s.requests().stream().filter(r -> r.status() / 100 == 2).count()).sum();
    }

    @Test
    @Order(1)
    void anExecutorKilledMidRunLeavesOneFileAndOneRowPerUrlWithWorkOnBothExecutorsAndTheHostCapHeld() throws Exception {
        var run = submit("local-cluster[2,1,1024]", "first", jobArgs());
        long all = (long) HOSTS * FILES;
        long atKill = Poll.until(Duration.ofSeconds(600), "two thirds of the files served", this::served,
                n -> n >= 2 * all / 3 || !run.process().isAlive());
        var executors = run.process().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).toList();
        assertEquals(2, executors.size(), "executor JVMs under the driver: " + run.process().descendants()
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?").replaceAll("-cp \\S+", "-cp …")).toList());
        // No JVM option was given (SparkSubmit): the script's defaults reach both executors.
        executors.forEach(p -> assertTrue(p.info().commandLine().orElse("").contains("--enable-preview")
                && p.info().commandLine().orElse("").contains("-XX:Tier4InvocationThreshold=300")
                && p.info().commandLine().orElse("").contains("-Dlog4j2.configurationFile=" + SparkSubmitLogIT.JOB_LOG_CONFIG),
                p.info().toString()));
        executors.getFirst().destroyForcibly();
        assertTrue(run.process().waitFor(600, TimeUnit.SECONDS), "the job ends");

        assertEquals(1, run.process().exitValue(), run.log()); // the missing files are not_found
        assertTrue(atKill < all, "killed before the last file was served (" + atKill + " of " + all + ")");
        var rows = manifestRows();
        assertEquals(contents.size() + missing.size(), rows.size(), "one manifest row per URL");
        var byUrl = rows.stream().collect(Collectors.toMap(r -> r.<String>getAs("url"), r -> r));
        contents.forEach((url, content) -> {
            var row = byUrl.get(url);
            assertEquals("downloaded", row.getAs("outcome"), url);
            assertEquals(content.sha256Hex(), row.getAs("sha256"), url);
        });
        missing.keySet().forEach(url -> assertEquals("not_found", byUrl.get(url).getAs("outcome"), url));
        assertFilesAreExactlyTheDownloadedOnes(byUrl.values());

        for (var server : servers) {
            assertTrue(server.maxConcurrentRequests() <= CAP, server + " saw " + server.maxConcurrentRequests());
        }
        var out = run.out();
        var largest = out.stream().map(LARGEST::matcher).filter(java.util.regex.Matcher::find)
                .mapToLong(m -> Long.parseLong(m.group(1))).findFirst().orElseThrow(() -> new AssertionError(out));
        assertTrue(largest <= 0.6 * rows.size(), "largest partition " + largest + " of " + rows.size());
        var busy = out.stream().map(EXECUTOR::matcher).filter(java.util.regex.Matcher::find)
                .map(m -> m.group(1)).collect(Collectors.toSet());
        assertTrue(busy.size() >= 2, "executors with finished tasks: " + busy + "\n" + run.log());
    }

    @Test
    @Order(2)
    void aSecondRunFetchesOnlyTheUrlsThatWereMissing() throws Exception {
        var paths = new HashSet<String>();
        missing.forEach((url, server) -> {
            var path = java.net.URI.create(url).getPath();
            server.add(path, Content.generated(777 + paths.size(), 777 + paths.size()));
            paths.add(path);
        });
        servers.forEach(RangeServer::resetStats);

        var run = submit("local-cluster[2,1,1024]", "second", jobArgs());
        assertTrue(run.process().waitFor(600, TimeUnit.SECONDS), "the job ends");

        assertEquals(0, run.process().exitValue(), run.log());
        Set<String> requested = servers.stream().flatMap(s -> s.requests().stream()).map(r -> r.path())
                .collect(Collectors.toSet());
        assertEquals(paths, requested);
        var latest = Manifest.latest(session(), root.toString()).collectAsList();
        assertEquals(contents.size() + missing.size(), latest.size());
        assertTrue(latest.stream().allMatch(r -> "downloaded".equals(r.getAs("outcome"))), latest.toString());
        assertTrue(run.out().stream().anyMatch(l -> l.contains((long) HOSTS * FILES + " skipped")), run.log());
    }

    @Test
    @Order(3)
    void aMissingInputIsOneLineOnStderrAndExitCodeTwo() throws Exception {
        var gone = tmp.resolve("no-such-list.txt");
        var run = submit("local[1]", "missing", List.of(gone.toString(), root.toString()));
        assertTrue(run.process().waitFor(600, TimeUnit.SECONDS), "the job ends");

        assertEquals(2, run.process().exitValue(), run.log());
        var ours = run.err().stream().filter(l -> l.startsWith("loomget-spark:")).toList();
        assertEquals(List.of("loomget-spark: input " + gone + ": no such file or directory"), ours);
        assertEquals(List.of(), run.err().stream().filter(l -> l.startsWith("\tat ")).toList(), "no stack trace");
    }

    private SparkSubmit.Run submit(String master, String name, List<String> args) throws Exception {
        var run = SparkSubmit.start(master, LOGS, name, args);
        runs.add(run);
        return run;
    }

    private void assertFilesAreExactlyTheDownloadedOnes(java.util.Collection<Row> rows) throws IOException {
        var expected = rows.stream().filter(r -> "downloaded".equals(r.getAs("outcome")))
                .map(r -> r.<String>getAs("path")).collect(Collectors.toSet());
        try (var files = Files.walk(root)) {
            var found = files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString())
                    .filter(f -> !f.startsWith(Manifest.DIR)).collect(Collectors.toSet());
            assertEquals(expected, found);
        }
        for (var row : rows) {
            if ("downloaded".equals(row.getAs("outcome"))) {
                assertEquals(row.<String>getAs("sha256"), Checksums.sha256(root.resolve(row.<String>getAs("path"))));
            }
        }
    }

    private List<Row> manifestRows() {
        return session().read().parquet(Manifest.location(root.toString())).collectAsList();
    }

    private SparkSession session() {
        if (reader == null) {
            reader = LocalSpark.start("LocalClusterIT reader");
        }
        return reader;
    }
}
