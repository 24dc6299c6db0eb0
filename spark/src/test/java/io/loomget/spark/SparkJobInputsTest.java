package io.loomget.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Task retries, table inputs, a non-local output root, and the settings the job refuses. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(240)
class SparkJobInputsTest {

    private static final int FILES = 200;

    private SparkSession spark;
    private RangeServer server;
    private final List<String> urls = new ArrayList<>();
    private final Map<String, Content> contents = new java.util.HashMap<>();
    @TempDir
    Path tmp;

    @BeforeAll
    void start() {
        spark = LocalSpark.start("SparkJobInputsTest");
        spark.sparkContext().hadoopConfiguration().set("fs." + StagedLocalFileSystem.SCHEME + ".impl",
                StagedLocalFileSystem.class.getName());
        server = RangeServer.builder().start();
        for (int i = 0; i < FILES; i++) {
            var content = Content.generated(2048 + i, i);
            server.add("/f/" + i + ".bin", content);
            var url = server.uri("/f/" + i + ".bin").toString();
            urls.add(url);
            contents.put(url, content);
        }
    }

    @AfterEach
    void resetServerAndConf() {
        server.resetStats();
        spark.conf().unset(DownloadJob.FAIL_FIRST_ATTEMPT_AFTER);
    }

    @AfterAll
    void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    private DownloadJob.Summary run(Path input, String root, String... more) throws Exception {
        return run(input, root, new ArrayList<>(), more);
    }

    private DownloadJob.Summary run(Path input, String root, List<String> warnings, String... more) throws Exception {
        var args = new ArrayList<>(List.of("-j", "8", "--partitions", "2", "--retries", "1", "--retry-wait", "0.01"));
        args.addAll(List.of(more));
        args.add(input.toString());
        args.add(root);
        return DownloadJob.run(spark, JobOptions.parse(args.toArray(String[]::new)), warnings::add);
    }

    private Map<String, Row> manifest(String root) {
        var rows = spark.read().parquet(Manifest.location(root)).collectAsList();
        assertEquals(rows.size(), rows.stream().map(r -> r.<String>getAs("url")).distinct().count(), "one row per URL");
        return rows.stream().collect(Collectors.toMap(r -> r.<String>getAs("url"), r -> r));
    }

    private void assertAllDownloaded(Path root, Map<String, Row> rows) throws IOException {
        assertEquals(contents.keySet(), rows.keySet());
        for (var row : rows.values()) {
            assertEquals("downloaded", row.getAs("outcome"));
            var content = contents.get(row.<String>getAs("url"));
            assertEquals(content.sha256Hex(), row.getAs("sha256"));
            assertEquals(content.sha256Hex(), Checksums.sha256(root.resolve(row.<String>getAs("path"))));
        }
        try (var files = Files.walk(root)) {
            long onDisk = files.filter(Files::isRegularFile)
                    .filter(f -> !root.relativize(f).toString().startsWith(Manifest.DIR)).count();
            assertEquals(FILES, onDisk, "one file per URL, nothing else");
        }
    }

    @Test
    void aTaskWhoseFirstAttemptDiesStillLeavesOneFileAndOneManifestRowPerUrl() throws Exception {
        var input = Files.write(tmp.resolve("links.txt"), urls);
        var root = tmp.resolve("retried");
        spark.conf().set(DownloadJob.FAIL_FIRST_ATTEMPT_AFTER, "20");

        var summary = run(input, root.toString());

        // The dead attempt's work was done again: more GETs than URLs reached the server.
        assertTrue(server.requests().size() > FILES, "requests: " + server.requests().size());
        assertAllDownloaded(root, manifest(root.toString()));
        assertEquals(FILES, summary.downloaded(), "accumulators count successful attempts only");
    }

    @Test
    void theDownloadStageReadsNoShuffleSoALostExecutorCannotLeaveItRunningTwice() throws Exception {
        // A lost executor's shuffle files go with it; a stage reading them is then re-run while its old
        // attempt's tasks still run, and two attempts of a partition would download the same files at once.
        var stages = new java.util.concurrent.ConcurrentLinkedQueue<org.apache.spark.scheduler.StageInfo>();
        var listener = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onStageSubmitted(org.apache.spark.scheduler.SparkListenerStageSubmitted submitted) {
                stages.add(submitted.stageInfo());
            }
        };
        spark.sparkContext().addSparkListener(listener);
        try {
            var input = Files.write(tmp.resolve("links-no-shuffle.txt"), urls);
            var root = tmp.resolve("no-shuffle");

            run(input, root.toString());
            spark.sparkContext().listenerBus().waitUntilEmpty();

            assertAllDownloaded(root, manifest(root.toString()));
            var writes = stages.stream().filter(s -> s.name().startsWith("parquet at DownloadJob.java")).toList();
            assertEquals(1, writes.size(), "one manifest write: " + stages.stream().map(s -> s.name()).toList());
            assertEquals(List.of(), scala.jdk.javaapi.CollectionConverters.asJava(writes.getFirst().parentIds()),
                    "the download stage's parent stages");
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
    }

    @Test
    void aUrlListedTwiceIsFetchedOnceAndCountsTwiceAsSkippedOnTheNextRun() throws Exception {
        var twice = new ArrayList<>(urls);
        twice.addAll(urls.subList(0, 10));
        var input = Files.write(tmp.resolve("links-twice.txt"), twice);
        var root = tmp.resolve("twice");

        var first = run(input, root.toString());

        assertAllDownloaded(root, manifest(root.toString()));
        assertEquals(FILES, first.downloaded());
        assertEquals(FILES, server.requests().size());
        assertEquals(0, first.skipped());
        server.resetStats();

        var second = run(input, root.toString());

        assertEquals(0, server.requests().size());
        assertEquals(FILES + 10, second.skipped(), "as listed: a URL on two lines counts twice");
    }

    @Test
    void aUrlListedTwiceWithDifferentNamesIsSavedOnceUnderItsFirstLinesNameWithOneWarning() throws Exception {
        // The two lines in two files of a directory, two input partitions: Hadoop takes the files in the file
        // system's order (on ext4 here 4.txt before 2.txt), and the shuffle keeps no order either. First is by name.
        var dir = Files.createDirectories(tmp.resolve("renamed-lists"));
        var twiceNamed = urls.get(0);
        var twiceSame = urls.get(1);
        Files.writeString(dir.resolve("2.txt"), twiceNamed + "\n  out=z-first.bin\n" + twiceSame + "\n  out=same.bin\n");
        Files.writeString(dir.resolve("4.txt"), urls.get(2) + "\n" + twiceNamed + "\n  out=a-second.bin\n"
                + twiceSame + "\n  out=same.bin\n");
        var root = tmp.resolve("renamed");
        var warnings = new ArrayList<String>();

        var summary = run(dir, root.toString(), warnings);

        assertEquals(List.of("warning: " + twiceNamed + " is listed twice with different names (a-second.bin,"
                + " z-first.bin); saving it once, as z-first.bin"), warnings);
        var rows = manifest(root.toString());
        assertEquals(3, rows.size());
        assertEquals("z-first.bin", rows.get(twiceNamed).getAs("path"));
        assertEquals(contents.get(twiceNamed).sha256Hex(), Checksums.sha256(root.resolve("z-first.bin")));
        assertTrue(Files.notExists(root.resolve("a-second.bin")));
        assertEquals(3, summary.downloaded());
        assertEquals(3, server.requests().size(), "each URL fetched once");
    }

    @Test
    void aBadEntryInADirectoryOfInputsNamesItsFileAndTheByteItStartsAt() throws Exception {
        var dir = Files.createDirectories(tmp.resolve("lists"));
        var good = urls.getFirst() + "\n";
        var bad = urls.get(1) + "\n  out=../escape.bin\n";
        Files.writeString(dir.resolve("one.txt"), good + bad);
        Files.writeString(dir.resolve("two.txt"), good + good + bad);
        var root = tmp.resolve("from-dir");

        run(dir, root.toString());

        var problems = spark.read().parquet(Manifest.location(root.toString())).collectAsList().stream()
                .filter(r -> r.getAs("url") == null).map(r -> r.<String>getAs("error")).sorted().toList();
        assertEquals(2, problems.size(), problems.toString());
        // the entry's first byte, and its option line the second of the entry
        assertTrue(problems.get(0).startsWith("one.txt@" + good.length() + ":2: out: "), problems.toString());
        assertTrue(problems.get(1).startsWith("two.txt@" + 2 * good.length() + ":2: out: "), problems.toString());
    }

    @Test
    void aFileAnotherListsRunSavedAtTheSamePathIsKeptAndTheUrlSavedBesideIt() throws Exception {
        // Two lists run into one root, each naming its URL's file shared.bin: same size, other bytes.
        var first = urls.getFirst();
        var other = Content.generated(2048, 777);
        server.add("/other/0.bin", other);
        var second = server.uri("/other/0.bin").toString();
        var root = tmp.resolve("two-lists");

        run(Files.writeString(tmp.resolve("list-one.txt"), first + "\n  out=shared.bin\n"), root.toString());
        var summary = run(Files.writeString(tmp.resolve("list-two.txt"), second + "\n  out=shared.bin\n"), root.toString());

        assertEquals(1, summary.downloaded());
        assertEquals(contents.get(first).sha256Hex(), Checksums.sha256(root.resolve("shared.bin")), "the first list's file, kept");
        var row = manifest(root.toString()).get(second);
        assertEquals("shared.1.bin", row.getAs("path"));
        assertEquals(other.sha256Hex(), row.getAs("sha256"));
        assertEquals(other.sha256Hex(), Checksums.sha256(root.resolve("shared.1.bin")));
    }

    @Test
    void aManifestLeftWithoutCommittedRowsByADeadFirstRunIsReadAsNoManifest() throws Exception {
        var input = Files.write(tmp.resolve("links-dead-first.txt"), urls);
        var root = tmp.resolve("dead-first");
        Files.createDirectories(root.resolve(Manifest.DIR).resolve("_temporary").resolve("0"));

        var summary = run(input, root.toString());

        assertAllDownloaded(root, manifest(root.toString()));
        assertEquals(0, summary.skipped());
    }

    @Test
    void aCsvTableWithUrlOutAndChecksumColumnsIsDownloadedAndItsBadRowsAreManifestFailures() throws Exception {
        var lines = new ArrayList<String>();
        lines.add("url,out,checksum");
        lines.add(urls.get(0) + ",named/zero.bin,sha-256=" + contents.get(urls.get(0)).sha256Hex());
        lines.add(urls.get(1) + ",,");
        lines.add("ftp://example.invalid/x,,");
        lines.add(urls.get(2) + ",../escape.bin,");
        lines.add(",orphan.bin,");
        var input = Files.write(tmp.resolve("table.csv"), lines);
        var root = tmp.resolve("csv");

        var summary = run(input, root.toString());

        var rows = spark.read().parquet(Manifest.location(root.toString())).collectAsList();
        var byUrl = rows.stream().filter(r -> r.getAs("url") != null)
                .collect(Collectors.toMap(r -> r.<String>getAs("url"), r -> r));
        assertEquals("named/zero.bin", byUrl.get(urls.get(0)).getAs("path"));
        assertEquals("127.0.0.1_" + server.port() + "/1.bin", byUrl.get(urls.get(1)).getAs("path"));
        var problems = rows.stream().filter(r -> r.getAs("url") == null).map(r -> r.<String>getAs("error")).sorted().toList();
        // Each names the table and the row's URL once; a row without one, the table.
        assertEquals(List.of(
                input + " url ftp://example.invalid/x: not an http(s) URL: 'ftp://example.invalid/x'",
                input + " url " + urls.get(2) + ": out must name a file inside the output root: '../escape.bin'",
                input + ": a row with no url"), problems);
        assertEquals(2, summary.downloaded());
        assertEquals(3, summary.inputProblems());
        assertEquals(1, summary.exitCode());
        assertTrue(Files.notExists(tmp.resolve("escape.bin")));
    }

    @Test
    void aParquetTableWithAUrlColumnIsDownloaded() throws Exception {
        var input = tmp.resolve("urls.parquet");
        spark.createDataset(urls, org.apache.spark.sql.Encoders.STRING()).toDF("url").write().parquet(input.toString());
        var root = tmp.resolve("parquet");

        var summary = run(input, root.toString());

        assertAllDownloaded(root, manifest(root.toString()));
        assertEquals(0, summary.exitCode());
    }

    @Test
    void aNonLocalFileSystemRootGetsFilesStagedLocallyAndCopiedIntoPlace() throws Exception {
        var input = Files.write(tmp.resolve("links-staged.txt"), urls);
        var root = tmp.resolve("staged-root");
        var uri = StagedLocalFileSystem.SCHEME + ":" + root.toUri().getPath();

        run(input, uri);

        assertAllDownloaded(root, manifest(uri));
        try (var files = Files.walk(root)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".loomget-tmp") || n.endsWith(".part")).toList());
        }
    }

    @Test
    void conditionalGetIsRefusedForAPlainPathOnADefaultFileSystemThatIsNotLocal() throws Exception {
        // On YARN a plain path is on HDFS: the command line has no scheme to refuse, the driver's qualified root has.
        var input = Files.write(tmp.resolve("links-plain-n.txt"), urls.subList(0, 3));
        var root = tmp.resolve("plain-n");
        var hadoop = spark.sparkContext().hadoopConfiguration();
        hadoop.set("fs.defaultFS", StagedLocalFileSystem.SCHEME + ":///");
        try {
            var e = assertThrows(JobRefused.class, () -> run(input, root.toUri().getPath(), "-N"));

            assertTrue(e.getMessage().startsWith("-N (--conditional-get) needs a file: output root, got "
                    + StagedLocalFileSystem.SCHEME + ":"), e.getMessage());
            assertEquals(0, server.requests().size());
        } finally {
            hadoop.set("fs.defaultFS", "file:///");
        }
    }

    @Test
    void speculationIsRefusedBecauseTwoAttemptsWouldWriteTheSameFiles() {
        var conf = spark.sparkContext().getConf().set("spark.speculation", "true");
        var e = assertThrows(IllegalStateException.class, () -> DownloadJob.requireSafeConf(conf));
        assertTrue(e.getMessage().contains("spark.speculation=false"), e.getMessage());
    }

    @Test
    void aClusterWhoseExecutorsLackEnablePreviewIsRefusedBeforeAnyTaskStarts() {
        var conf = spark.sparkContext().getConf().set("spark.master", "spark://127.0.0.1:7077")
                .remove("spark.executor.extraJavaOptions");
        var e = assertThrows(IllegalStateException.class, () -> DownloadJob.requireSafeConf(conf));
        assertTrue(e.getMessage().contains("spark.executor.extraJavaOptions=--enable-preview"), e.getMessage());
        DownloadJob.requireSafeConf(conf.set("spark.executor.extraJavaOptions", "-Xss1m --enable-preview"));
    }

    @Test
    void aClusterWhoseExecutorsGetEnablePreviewFromTheDefaultJavaOptionsIsAccepted() {
        var conf = spark.sparkContext().getConf().clone().set("spark.master", "spark://127.0.0.1:7077")
                .remove("spark.executor.extraJavaOptions")
                .set("spark.executor.defaultJavaOptions", "--enable-preview -XX:TieredStopAtLevel=1");

        DownloadJob.requireSafeConf(conf);
        DownloadJob.requireSafeConf(conf.set("spark.executor.extraJavaOptions", "-Xss1m"));
    }

    @Test
    void aLocalClusterMasterIsRefusedWithoutEnablePreviewBecauseItsExecutorsAreOtherJvms() {
        var conf = spark.sparkContext().getConf().clone().set("spark.master", "local-cluster[2,1,1024]")
                .remove("spark.executor.extraJavaOptions");

        var e = assertThrows(IllegalStateException.class, () -> DownloadJob.requireSafeConf(conf));

        assertTrue(e.getMessage().contains("spark.executor.extraJavaOptions=--enable-preview"), e.getMessage());
    }
}
