package io.loomget.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the driver says when it will not start (one line naming the problem, exit code 2), and the
 * warnings it gives before the downloads start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class SparkMainTest {

    private SparkSession spark;
    @TempDir
    Path tmp;

    record Ran(int exit, List<String> out, List<String> err) {}

    @BeforeAll
    void start() {
        spark = LocalSpark.start("SparkMainTest");
    }

    @AfterAll
    void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static Ran run(Supplier<SparkSession> session, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit = SparkMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), session);
        return new Ran(exit, out.toString(StandardCharsets.UTF_8).lines().toList(),
                err.toString(StandardCharsets.UTF_8).lines().toList());
    }

    private Ran run(String... args) {
        return run(() -> spark, args);
    }

    @Test
    void aUrlListedWithTwoNamesIsOneWarningLineOnStderr() throws Exception {
        try (var server = RangeServer.start("/x.bin", Content.generated(1000, 1))) {
            var url = server.uri("/x.bin").toString();
            var input = Files.writeString(tmp.resolve("twice.txt"), url + "\n  out=a.bin\n" + url + "\n  out=b.bin\n");

            var ran = run(input.toString(), tmp.resolve("twice-out").toString());

            assertEquals(0, ran.exit(), ran::toString);
            assertEquals(List.of("loomget-spark: warning: " + url + " is listed twice with different names (a.bin, b.bin);"
                    + " saving it once, as a.bin"), ran.err());
        }
    }

    @Test
    void anUnknownOptionIsOneLineAndExitTwoBeforeSparkStarts() {
        var ran = run(() -> {
            throw new AssertionError("a bad command line needs no Spark session");
        }, "--bogus", "1", "in.txt", "out");

        assertEquals(new Ran(2, List.of(), List.of("loomget-spark: unknown option '--bogus' (--help lists the options)")), ran);
    }

    @Test
    void aMissingInputIsOneLineNamingItAndExitTwo() {
        var input = tmp.resolve("no-such-list.txt");

        var ran = run(input.toString(), tmp.resolve("out").toString());

        assertEquals(new Ran(2, List.of(), List.of("loomget-spark: input " + input + ": no such file or directory")), ran);
    }

    @Test
    void anInputDirectoryWithoutFilesIsOneLineAndExitTwo() throws Exception {
        var input = Files.createDirectories(tmp.resolve("empty-dir"));

        var ran = run(input.toString(), tmp.resolve("out").toString());

        assertEquals(new Ran(2, List.of(), List.of("loomget-spark: input " + input + ": no files in it")), ran);
    }

    @Test
    void anOutputRootThatIsAFileIsOneLineAndExitTwo() throws Exception {
        var input = Files.write(tmp.resolve("links.txt"), List.of("http://127.0.0.1:9/x"));
        var root = Files.writeString(tmp.resolve("a-file"), "not a directory");

        var ran = run(input.toString(), root.toString());

        assertEquals(new Ran(2, List.of(), List.of("loomget-spark: output root " + root + " is a file, not a directory")),
                ran);
    }

    @Test
    void anOutputRootBelowAFileIsOneLineNamingItAndExitTwo() throws Exception {
        var input = Files.write(tmp.resolve("links.txt"), List.of("http://127.0.0.1:9/x"));
        var root = Files.writeString(tmp.resolve("a-file"), "not a directory").resolve("out");

        var ran = run(input.toString(), root.toString());

        assertEquals(2, ran.exit());
        assertEquals(1, ran.err().size(), ran.err().toString());
        assertEquals(true, ran.err().getFirst().startsWith("loomget-spark: output root " + root + ": "), ran.err().getFirst());
    }

    private static Ran runWithoutSpark(String... args) {
        return run(() -> {
            throw new AssertionError("a file the driver cannot use needs no Spark session");
        }, args);
    }

    @Test
    void aMissingCaCertificateFileIsOneLineAndExitTwo() {
        var missing = tmp.resolve("no-ca.pem");

        var ran = runWithoutSpark("--ca-certificate", missing.toString(), "in.txt", "out");

        assertEquals(2, ran.exit());
        assertEquals(List.of("loomget-spark: caCertificate (--ca-certificate): cannot read " + missing
                + " (no such file) (--help lists the options)"), ran.err());
    }

    @Test
    void aCaFileWithoutACertificateIsOneLineAndExitTwo() throws Exception {
        var notPem = Files.writeString(tmp.resolve("ca.pem"), "not a certificate\n");

        var ran = runWithoutSpark("--cacert", notPem.toString(), "in.txt", "out");

        assertEquals(new Ran(2, List.of(), List.of("loomget-spark: caCertificate (--ca-certificate): no PEM certificate"
                + " (-----BEGIN CERTIFICATE-----) in " + notPem + " (--help lists the options)")), ran);
    }

    @Test
    void aMissingCookieFileIsOneLineAndExitTwo() {
        var missing = tmp.resolve("cookies.txt");

        var ran = runWithoutSpark("--load-cookies", missing.toString(), "in.txt", "out");

        assertEquals(new Ran(2, List.of(), List.of("loomget-spark: loadCookies (--load-cookies): cannot read " + missing
                + ": no such file (a cookies.txt file is expected) (--help lists the options)")), ran);
    }

    @Test
    void aMissingNetrcFileIsOneLineAndExitTwo() {
        var missing = tmp.resolve("netrc");

        var ran = runWithoutSpark("--netrc-file", missing.toString(), "in.txt", "out");

        assertEquals(new Ran(2, List.of(), List.of("loomget-spark: netrc (--netrc-file): cannot read " + missing
                + ": no such file (--help lists the options)")), ran);
    }

    @Test
    void aPrivateKeyWithoutItsCertificateIsOneLineAndExitTwo() throws Exception {
        var key = Files.writeString(tmp.resolve("key.pem"), "irrelevant\n");

        var ran = runWithoutSpark("--private-key", key.toString(), "in.txt", "out");

        assertEquals(new Ran(2, List.of(), List.of("loomget-spark: privateKey (--private-key) needs certificate"
                + " (--certificate) too (--help lists the options)")), ran);
    }

    @Test
    void anInputDirectoryWithASubdirectoryIsReadWholeFilesBelowIncluded() throws Exception {
        try (var server = RangeServer.start("/top.bin", Content.generated(1000, 1))) {
            server.add("/below.bin", Content.generated(1200, 2));
            var input = Files.createDirectories(tmp.resolve("lists"));
            Files.writeString(input.resolve("a.txt"), server.uri("/top.bin") + "\n");
            Files.writeString(Files.createDirectories(input.resolve("more")).resolve("b.txt"), server.uri("/below.bin") + "\n");
            var root = tmp.resolve("nested-out");

            var ran = run(input.toString(), root.toString());

            assertEquals(0, ran.exit(), ran::toString);
            assertEquals(List.of(), ran.err());
            var dir = root.resolve(Names.host(server.uri("/").toString()).replace(':', '_'));
            assertEquals(Content.generated(1000, 1).sha256Hex(), Checksums.sha256(dir.resolve("top.bin")));
            assertEquals(Content.generated(1200, 2).sha256Hex(), Checksums.sha256(dir.resolve("below.bin")));
        }
    }

    @Test
    void aTextListGivenAsParquetIsOneLineNamingItAndExitTwo() throws Exception {
        var input = Files.write(tmp.resolve("links.txt"), List.of("http://127.0.0.1:9/x"));

        var ran = run("--format", "parquet", input.toString(), tmp.resolve("out").toString());

        assertEquals(new Ran(2, List.of(), List.of("loomget-spark: input " + input + ": is not a Parquet file"
                + " (--format parquet, or a .parquet name); a text list needs --format links")), ran);
    }

    @Test
    void aJobSparkAbortsIsOneLineAndExitOne() throws Exception {
        // The directory's first file is Parquet, so the driver's check passes; Spark then fails on the second.
        var input = tmp.resolve("table.parquet");
        spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create("http://127.0.0.1:9/x")),
                new org.apache.spark.sql.types.StructType().add("url", "string")).write().parquet(input.toString());
        Files.writeString(input.resolve("zz.parquet"), "http://127.0.0.1:9/not-parquet\n");

        var ran = run(input.toString(), tmp.resolve("aborted-out").toString());

        assertEquals(1, ran.exit(), ran::toString);
        assertEquals(List.of(), ran.out());
        assertEquals(1, ran.err().size(), ran::toString);
        assertTrue(ran.err().getFirst().startsWith("loomget-spark: the job failed: "), ran::toString);
        assertTrue(ran.err().getFirst().contains("zz.parquet"), ran::toString);
    }

    @Test
    void standardInputIsNotAnInputOfTheJob() {
        var ran = runWithoutSpark("-", "out");

        assertEquals(new Ran(2, List.of(), List.of("loomget-spark: INPUT '-' (standard input) is not read by the job:"
                + " its executors read the input in parallel, so give a file (or a directory of files) they can reach"
                + " (--help lists the options)")), ran);
    }

    @Test
    void aTextInputWhoseNameHasACommaIsReadAsOneFile() throws Exception {
        try (var server = RangeServer.start("/comma.bin", Content.generated(1000, 3))) {
            var input = Files.writeString(tmp.resolve("urls,2026.txt"), server.uri("/comma.bin") + "\n");
            var root = tmp.resolve("comma-out");

            var ran = run(input.toString(), root.toString());

            assertEquals(0, ran.exit(), ran::toString);
            var dir = root.resolve(Names.host(server.uri("/").toString()).replace(':', '_'));
            assertEquals(Content.generated(1000, 3).sha256Hex(), Checksums.sha256(dir.resolve("comma.bin")));
        }
    }
}
