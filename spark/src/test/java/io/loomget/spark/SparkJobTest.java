package io.loomget.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2,000 URLs over three local range servers (one plain, one slow, one answering some 404s and
 * cutting some connections), downloaded by the job in local mode. The job runs once in
 * {@link #download}; the tests check what it left; the last one runs it again (resume).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class SparkJobTest {

    private static final int PER_HOST = 4;

    /** What one URL should end as. */
    record Expected(RangeServer server, String serverPath, String path, String outcome, Integer status, Content content,
                    int attempts) {}

    private SparkSession spark;
    private RangeServer plain;
    private RangeServer slow;
    private RangeServer faulty;
    private final Map<String, Expected> expected = new HashMap<>();
    private final List<String> links = new ArrayList<>();
    private Path tmp;
    private Path root;
    private DownloadJob.Summary first;

    @BeforeAll
    void download(@TempDir Path tmp) throws IOException {
        this.tmp = tmp;
        spark = LocalSpark.start("SparkJobTest");
        plain = RangeServer.builder().start();
        slow = RangeServer.builder().latency(Duration.ofMillis(10)).start();
        faulty = RangeServer.builder().start();

        for (int i = 0; i < 690; i++) {
            serve(plain, "/a/" + i + ".bin", i, null, "downloaded", 1);
        }
        for (int k = 0; k < 10; k++) { // the same file name on ten paths: each gets its URL's hash in front
            serve(plain, "/dup/" + k + "/same.bin", 5000 + k, "hash", "downloaded", 1);
        }
        for (int i = 0; i < 700; i++) {
            var content = content(10_000 + i);
            String option = null, path = null;
            if (i < 10) {
                option = "out=named/b-" + i + ".dat";
                path = "named/b-" + i + ".dat";
            } else if (i < 20) {
                option = "checksum=sha-256=" + content.sha256Hex();
            } else if (i == 20) {
                option = "checksum=sha-256=" + "0".repeat(64); // the file does not match: failed
            }
            serve(slow, "/b/" + i + ".bin", 10_000 + i, path, i == 20 ? "failed" : "downloaded", 1);
            if (option != null) {
                links.add("  " + option);
            }
        }
        for (int i = 0; i < 600; i++) {
            var p = "/c/" + i + ".bin";
            switch (i % 50) {
                case 0 -> expect(faulty, p, null, "not_found", 404, null, 1); // never added: 404
                case 1 -> { // the first body is cut: one retry, then the file
                    serve(faulty, p, 20_000 + i, null, "downloaded", 2);
                    faulty.behave(p, Behaviour.builder().truncateFirst(1, 100).build());
                }
                case 2 -> { // every body is cut: failed after the retries
                    serve(faulty, p, 20_000 + i, null, "failed", 3);
                    faulty.behave(p, Behaviour.builder().truncateAfter(100).build());
                }
                default -> serve(faulty, p, 20_000 + i, null, "downloaded", 1);
            }
        }
        root = tmp.resolve("out");
        var input = tmp.resolve("links.txt");
        Files.write(input, links);
        first = DownloadJob.run(spark, options(input));
    }

    private JobOptions options(Path input) throws IOException {
        try {
            return JobOptions.parse("-j", "16", "--max-connections-per-host", String.valueOf(PER_HOST), "--retries", "2",
                    "--retry-wait", "0.01", "--timeout", "10", "--partitions", "2", input.toString(), root.toString());
        } catch (JobOptions.UsageException e) {
            throw new IOException(e);
        }
    }

    private static Content content(long seed) {
        return Content.generated(1024 + seed % 3072, seed);
    }

    private void serve(RangeServer server, String serverPath, long seed, String path, String outcome, int attempts) {
        var content = content(seed);
        server.add(serverPath, content);
        expect(server, serverPath, path, outcome, outcome.equals("downloaded") ? 200 : null, content, attempts);
    }

    private void expect(RangeServer server, String serverPath, String path, String outcome, Integer status,
                        Content content, int attempts) {
        var url = server.uri(serverPath).toString();
        if (path == null) {
            path = "127.0.0.1_" + server.port() + "/" + serverPath.substring(serverPath.lastIndexOf('/') + 1);
        } else if (path.equals("hash")) {
            path = "127.0.0.1_" + server.port() + "/" + Checksums.sha256(url).substring(0, 10) + "-same.bin";
        }
        expected.put(url, new Expected(server, serverPath, path, outcome, status, content, attempts));
        links.add(url);
    }

    @AfterAll
    void stop() {
        if (spark != null) {
            spark.stop();
        }
        Stream.of(plain, slow, faulty).filter(s -> s != null).forEach(RangeServer::close);
    }

    private List<Row> manifest() {
        return spark.read().parquet(Manifest.location(root.toString())).collectAsList();
    }

    @Test
    @Order(1)
    void everyUrlHasExactlyOneManifestRowWithItsExpectedOutcome() {
        var rows = manifest();
        assertEquals(2000, rows.size());
        var byUrl = rows.stream().collect(Collectors.toMap(r -> r.<String>getAs("url"), r -> r));
        assertEquals(expected.keySet(), byUrl.keySet());
        expected.forEach((url, e) -> {
            var row = byUrl.get(url);
            assertEquals(e.outcome(), row.getAs("outcome"), url);
            assertEquals(e.status(), row.getAs("http_status"), url);
            assertEquals("127.0.0.1:" + e.server().port(), row.getAs("host"), url);
            assertEquals(e.attempts(), (int) row.getAs("attempts"), url);
            if (e.outcome().equals("downloaded")) {
                assertEquals(e.path(), row.getAs("path"), url);
                assertEquals(e.content().size(), (long) row.getAs("bytes"), url);
                assertNull(row.getAs("error"), url);
            } else {
                assertNull(row.getAs("path"), url);
                assertNull(row.getAs("sha256"), url);
                assertNotNull(row.getAs("error"), url);
            }
        });
        assertEquals(1975, first.downloaded());
        assertEquals(25, first.failed());
        assertEquals(0, first.inputProblems());
    }

    @Test
    @Order(2)
    void everyDownloadedFileHasTheSha256OfItsManifestRowAndOfTheServedContent() throws IOException {
        int checked = 0;
        for (var row : manifest()) {
            if (!"downloaded".equals(row.getAs("outcome"))) {
                continue;
            }
            var e = expected.get(row.<String>getAs("url"));
            var file = root.resolve(row.<String>getAs("path"));
            assertEquals(row.<String>getAs("sha256"), Checksums.sha256(file), file.toString());
            assertEquals(e.content().sha256Hex(), row.<String>getAs("sha256"), file.toString());
            checked++;
        }
        assertEquals(1975, checked);
    }

    @Test
    @Order(3)
    void theOutputRootHoldsTheDownloadedFilesAndOnlyThePartFilesOfFailedUrlsBesideThem() throws IOException {
        var rows = manifest();
        var allowed = new java.util.HashSet<String>();
        rows.stream().filter(r -> "downloaded".equals(r.getAs("outcome"))).forEach(r -> allowed.add(r.getAs("path")));
        // A failed file keeps its part file (and state), which the next run continues (resume).
        var failedParts = new java.util.HashSet<String>();
        rows.stream().filter(r -> "failed".equals(r.getAs("outcome")))
                .map(r -> expected.get(r.<String>getAs("url")).path())
                .forEach(p -> failedParts.addAll(List.of(p + ".part", p + ".part.state")));
        try (var files = Files.walk(root)) {
            var found = files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .filter(f -> !f.startsWith(Manifest.DIR + "/")).collect(Collectors.toSet());
            var unexpected = found.stream().filter(f -> !allowed.contains(f) && !failedParts.contains(f)).toList();
            var missing = allowed.stream().filter(f -> !found.contains(f)).toList();
            assertEquals(List.of(), unexpected, "files no manifest row accounts for");
            assertEquals(List.of(), missing, "downloaded files not on disk");
        }
    }

    @Test
    @Order(4)
    void thePerHostConnectionCapHoldsAtEveryServerAcrossTheJob() {
        for (var server : List.of(plain, slow, faulty)) {
            assertTrue(server.maxConcurrentRequests() <= PER_HOST, server + " saw " + server.maxConcurrentRequests());
        }
        // Not vacuous: on the slow host the cap is reached.
        assertEquals(PER_HOST, slow.maxConcurrentRequests());
    }

    @Test
    @Order(5)
    void aSecondRunDownloadsOnlyWhatWasMissingAndAppendsRowsForThoseOnly() throws IOException {
        var missing = expected.entrySet().stream().filter(e -> !e.getValue().outcome().equals("downloaded"))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        // The faulty server mends: its 404s now exist, its cut connections are whole.
        for (int i = 0; i < 600; i++) {
            var p = "/c/" + i + ".bin";
            if (i % 50 == 0) {
                faulty.add(p, content(20_000 + i));
            }
            faulty.behave(p, Behaviour.NORMAL);
        }
        Stream.of(plain, slow, faulty).forEach(RangeServer::resetStats);

        var second = DownloadJob.run(spark, options(tmp.resolve("links.txt")));

        assertEquals(0, plain.requests().size());
        assertEquals(List.of("/b/20.bin"), slow.requests().stream().map(r -> r.path()).distinct().toList());
        var rows = manifest();
        assertEquals(2000 + missing.size(), rows.size());
        var latest = rows.stream().filter(r -> missing.contains(r.<String>getAs("url")))
                .collect(Collectors.groupingBy(r -> r.<String>getAs("url")));
        missing.forEach(url -> assertEquals(2, latest.get(url).size(), url));
        assertEquals(24, second.downloaded()); // the 404s and the cut ones; the bad checksum stays failed
        assertEquals(1, second.failed());
        assertEquals(1975, second.skipped());
    }

    @Test
    @Order(6)
    void theLatestViewHasOneRowPerUrlWithItsStateAfterTheSecondRun() {
        var latest = Manifest.latest(spark, root.toString()).collectAsList();

        assertEquals(2000, latest.size());
        var byUrl = latest.stream().collect(Collectors.toMap(r -> r.<String>getAs("url"), r -> r));
        assertEquals(expected.keySet(), byUrl.keySet());
        var failedNow = byUrl.values().stream().filter(r -> !"downloaded".equals(r.getAs("outcome")))
                .map(r -> r.<String>getAs("url")).toList();
        assertEquals(List.of(slow.uri("/b/20.bin").toString()), failedNow); // the bad checksum, still failed
    }

    @Test
    @Order(7)
    void aRunWithNothingLeftSendsNoRequestRunsNoDownloadTaskAndWritesNoRow() throws IOException {
        var stillFailing = slow.uri("/b/20.bin").toString();
        var done = tmp.resolve("links-done.txt");
        var without = new ArrayList<String>();
        boolean skipping = false;
        for (var line : links) { // the URL and its indented option lines
            skipping = line.equals(stillFailing) || skipping && line.startsWith(" ");
            if (!skipping) {
                without.add(line);
            }
        }
        Files.write(done, without);
        Stream.of(plain, slow, faulty).forEach(RangeServer::resetStats);
        long rowsBefore = manifest().size();

        var third = DownloadJob.run(spark, options(done));

        assertEquals(0, Stream.of(plain, slow, faulty).mapToLong(s -> s.requests().size()).sum());
        assertEquals(List.of(), third.tasks());
        assertEquals("", third.plan());
        assertEquals(rowsBefore, manifest().size());
        assertEquals(1999, third.skipped());
        assertEquals(0, third.exitCode());
    }

    @Test
    @Order(8)
    void theReadmesSparkSqlViewGivesTheSameRowsAsManifestLatest() throws IOException {
        var readme = Files.readString(Path.of("..", "README.md"));
        var sql = readme.substring(readme.indexOf("CREATE TEMPORARY VIEW images AS"));
        sql = sql.substring(0, sql.indexOf(';')).replace("hdfs:///datasets/images/_manifest",
                Manifest.location(root.toUri().toString()));

        spark.sql(sql);

        var fromSql = spark.table("images").collectAsList();
        var fromLatest = Manifest.latest(spark, root.toString()).collectAsList();
        assertEquals(fromLatest.size(), fromSql.size());
        assertEquals(new java.util.HashSet<>(fromLatest), new java.util.HashSet<>(fromSql));
    }
}

