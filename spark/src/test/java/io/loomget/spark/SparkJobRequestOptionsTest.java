package io.loomget.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.nginx.NginxOptions;
import io.loomget.nginx.NginxServer;
import io.loomget.testsupport.LocalCa;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's request options in the job, against real servers: nginx over https with a CA made at test
 * time (and client certificates required), and a server that records request headers for the
 * {@code .netrc} logins and cookies the driver read and shipped to the tasks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(240)
class SparkJobRequestOptionsTest {

    private static final String SECRET = "s3cret-for-the-test";
    private static final String TRUST_HINT = "certificate not trusted (unknown issuer): pass --ca-certificate FILE"
            + " with the CA that signed it (issuer: CN=loomget spark test CA)";

    @TempDir
    static Path shared;
    @TempDir
    Path tmp;

    private SparkSession spark;
    private NginxServer nginx;
    private HeaderRecordingServer headers;
    private LocalCa ca;
    private LocalCa.Issued client;
    private String tlsSha;

    record Ran(int exit, String out, String err) {}

    @BeforeAll
    void start() throws Exception {
        var pki = Files.createDirectories(shared.resolve("pki"));
        ca = LocalCa.create(pki, "loomget spark test CA");
        var server = ca.issue("server", "IP:127.0.0.1", false);
        client = ca.issue("client", "DNS:client.test", true);
        nginx = NginxServer.start(Files.createDirectories(shared.resolve("nginx")),
                NginxOptions.DEFAULTS.withTls(new NginxOptions.Tls(server.certificate(), server.key(), ca.certificate())));
        tlsSha = Checksums.sha256(write(nginx.docroot().resolve("tls.bin"), 300_000, 7));
        headers = new HeaderRecordingServer().add("/a.bin", random(50_000, 1)).add("/b.bin", random(60_000, 2));
        spark = LocalSpark.start("SparkJobRequestOptionsTest");
        spark.sparkContext().hadoopConfiguration().set("fs." + StagedLocalFileSystem.SCHEME + ".impl",
                StagedLocalFileSystem.class.getName());
    }

    @AfterEach
    void noClientFileIsLeftOnTheExecutors() throws IOException {
        var written = Path.of(SparkFiles.getRootDirectory(), "loomget-client");
        if (Files.isDirectory(written)) {
            try (var left = Files.list(written)) {
                assertEquals(List.of(), left.toList(), "each task removes the files it wrote");
            }
        }
    }

    @AfterAll
    void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (nginx != null) {
            nginx.close();
        }
        if (headers != null) {
            headers.close();
        }
    }

    private static byte[] random(int size, long seed) {
        var bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static Path write(Path file, int size, long seed) throws IOException {
        return Files.write(file, random(size, seed));
    }

    private Ran run(List<String> urls, Path root, String... options) throws IOException {
        return run(urls, root.toString(), options);
    }

    private Ran run(List<String> urls, String root, String... options) throws IOException {
        var input = Files.write(Files.createTempFile(tmp, "links", ".txt"), urls);
        var args = new ArrayList<>(List.of("--retries", "2", "--retry-wait", "0.01", "--partitions", "2"));
        args.addAll(List.of(options));
        args.add(input.toString());
        args.add(root);
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit = SparkMain.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> spark);
        return new Ran(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Map<String, Row> latest(Path root) {
        return Manifest.latest(spark, root.toString()).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.<String>getAs("url"), r -> r));
    }

    private Path privateFile(String name, String text) throws IOException {
        var file = Files.writeString(tmp.resolve(name), text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void aPrivateCaTrustedThroughTheOptionAndAClientCertificateDownloadExactly() throws Exception {
        var root = tmp.resolve("out");
        var url = nginx.https("127.0.0.1", "tls.bin").toString();

        var ran = run(List.of(url), root, "--ca-certificate", ca.certificate().toString(),
                "--certificate", client.certificate().toString(), "--private-key", client.key().toString());

        assertEquals(0, ran.exit(), ran::toString);
        var row = latest(root).get(url);
        assertEquals("downloaded", row.getAs("outcome"));
        assertEquals(tlsSha, row.getAs("sha256"));
        assertEquals(tlsSha, Checksums.sha256(root.resolve(row.<String>getAs("path"))));
    }

    @Test
    void withNoSha256TheFileIsExactAndItsRowHasNoSha256() throws Exception {
        var root = tmp.resolve("out");
        var url = nginx.https("127.0.0.1", "tls.bin").toString();

        var ran = run(List.of(url), root, "--no-sha256", "--ca-certificate", ca.certificate().toString(),
                "--certificate", client.certificate().toString(), "--private-key", client.key().toString());

        assertEquals(0, ran.exit(), ran::toString);
        var row = latest(root).get(url);
        assertEquals("downloaded", row.getAs("outcome"));
        assertTrue(row.isNullAt(row.fieldIndex("sha256")), row::toString);
        assertEquals(tlsSha, Checksums.sha256(root.resolve(row.<String>getAs("path"))));
    }

    @Test
    void theTasksUseWhatTheDriverReadNotTheDriversFiles() throws Exception {
        var pem = Files.createDirectories(tmp.resolve("pem"));
        var caFile = Files.copy(ca.certificate(), pem.resolve("ca.pem"));
        var both = Files.writeString(pem.resolve("client.pem"),
                Files.readString(client.certificate()) + Files.readString(client.key()));
        var url = nginx.https("127.0.0.1", "tls.bin").toString();
        var input = Files.write(tmp.resolve("links.txt"), List.of(url));
        var root = tmp.resolve("out");
        var options = JobOptions.parse("--ca-certificate", caFile.toString(), "--certificate", both.toString(),
                input.toString(), root.toString());
        Files.delete(caFile);
        Files.delete(both);

        var summary = DownloadJob.run(spark, options);

        assertEquals(1, summary.downloaded(), summary::toString);
        assertEquals(tlsSha, latest(root).get(url).getAs("sha256"));
    }

    @Test
    void anUntrustedCertificateIsAFailedRowWithThePlainReasonAfterOneAttempt() throws Exception {
        var root = tmp.resolve("out");
        var url = nginx.https("127.0.0.1", "tls.bin").toString();

        var ran = run(List.of(url), root, "--certificate", client.certificate().toString(),
                "--private-key", client.key().toString());

        assertEquals(1, ran.exit(), ran::toString);
        var row = latest(root).get(url);
        assertEquals("failed", row.getAs("outcome"));
        assertEquals(TRUST_HINT, row.getAs("error"));
        assertEquals(1, row.<Integer>getAs("attempts"), "a certificate that does not verify is not retried");
    }

    @Test
    void aServerThatRequiresAClientCertificateRefusesARunWithoutOne() throws Exception {
        var root = tmp.resolve("out");
        var url = nginx.https("127.0.0.1", "tls.bin").toString();

        var ran = run(List.of(url), root, "--cacert", ca.certificate().toString());

        assertEquals(1, ran.exit(), ran::toString);
        assertEquals("HTTP 400 Bad Request: the server asked for a client certificate and got none;"
                + " pass --certificate FILE --private-key FILE", latest(root).get(url).getAs("error"));
    }

    @Test
    void checkCertificateFalseAcceptsAnUnknownIssuerForAnotherHostNameAndSaysSo() throws Exception {
        var root = tmp.resolve("out");
        var url = nginx.https("localhost", "tls.bin").toString();

        var ran = run(List.of(url), root, "--check-certificate=false",
                "--cert", client.certificate().toString(), "--key", client.key().toString());

        assertEquals(0, ran.exit(), ran::toString);
        assertTrue(ran.err().startsWith("loomget-spark: WARNING: --insecure: server certificates and host names are NOT"
                + " checked"), ran.err());
        assertEquals(tlsSha, latest(root).get(url).getAs("sha256"));
    }

    @Test
    void aNetrcLoginGoesOnlyToTheHostItNamesAndIsNeverPrinted() throws Exception {
        var root = tmp.resolve("out");
        var netrc = privateFile("netrc", "machine 127.0.0.1 login alice password " + SECRET + "\n");
        var named = headers.uri("127.0.0.1", "/a.bin").toString();
        var other = headers.uri("localhost", "/b.bin").toString();
        int before = headers.requests().size();

        var ran = run(List.of(named, other), root, "--netrc-file", netrc.toString());

        assertEquals(0, ran.exit(), ran::toString);
        var requests = headers.requests().subList(before, headers.requests().size());
        var basic = "Basic " + Base64.getEncoder().encodeToString(("alice:" + SECRET).getBytes(StandardCharsets.UTF_8));
        var toNamed = requests.stream().filter(r -> r.host().equals("127.0.0.1")).toList();
        var toOther = requests.stream().filter(r -> r.host().equals("localhost")).toList();
        assertFalse(toNamed.isEmpty() || toOther.isEmpty(), requests::toString);
        assertTrue(toNamed.stream().allMatch(r -> basic.equals(r.authorization())), toNamed::toString);
        assertTrue(toOther.stream().allMatch(r -> r.authorization() == null), toOther::toString);
        assertFalse((ran.out() + ran.err()).contains(SECRET), ran::toString);
        assertEquals(2, latest(root).values().stream().filter(r -> "downloaded".equals(r.getAs("outcome"))).count());
    }

    @Test
    void aNetrcLoginStaysOutOfTheManifestAndARerunSkipsTheUrl() throws Exception {
        var root = tmp.resolve("out");
        var netrc = privateFile("netrc", "machine 127.0.0.1 login alice password " + SECRET + "\n");
        var url = headers.uri("127.0.0.1", "/a.bin").toString();
        assertEquals(0, run(List.of(url), root, "--netrc-file", netrc.toString()).exit());

        var rows = spark.read().parquet(Manifest.location(root.toString())).collectAsList();
        assertEquals(List.of(url), rows.stream().map(r -> r.<String>getAs("url")).toList());
        var again = run(List.of(url), root, "--netrc-file", netrc.toString());
        assertTrue(again.out().contains(" 1 skipped as already downloaded"), again.out());
    }

    /** {@code http://alice:SECRET@127.0.0.1:PORT/PATH}. */
    private String withLogin(String user, String password, String path) {
        return headers.uri("127.0.0.1", path).toString().replace("http://", "http://" + user + ":" + password + "@");
    }

    private List<Row> manifestRows(Path root) {
        return spark.read().parquet(Manifest.location(root.toString())).collectAsList();
    }

    @Test
    void aLoginInTheUrlIsSentButTheManifestHoldsTheUrlMaskedAndARerunSkipsIt() throws Exception {
        var root = tmp.resolve("out");
        var url = withLogin("alice", SECRET, "/a.bin");
        int before = headers.requests().size();

        var ran = run(List.of(url), root);

        assertEquals(0, ran.exit(), ran::toString);
        var basic = "Basic " + Base64.getEncoder().encodeToString(("alice:" + SECRET).getBytes(StandardCharsets.UTF_8));
        var requests = headers.requests().subList(before, headers.requests().size());
        assertTrue(!requests.isEmpty() && requests.stream().allMatch(r -> basic.equals(r.authorization())), requests::toString);
        var masked = headers.uri("127.0.0.1", "/a.bin").toString().replace("http://", "http://***@");
        assertEquals(List.of(masked), manifestRows(root).stream().map(r -> r.<String>getAs("url")).toList());
        assertEquals("downloaded", latest(root).get(masked).getAs("outcome"));
        var again = run(List.of(url), root);
        assertTrue(again.out().contains(" 1 skipped as already downloaded"), again.out());
        assertEquals(1, manifestRows(root).size(), "no row for a URL skipped");
        assertFalse((ran.out() + ran.err() + again.out() + again.err()).contains(SECRET), ran + " " + again);
    }

    @Test
    void twoUrlsThatDifferOnlyInTheirLoginAreOneFileAndOneRowFetchedWithTheFirstLinesLogin() throws Exception {
        var root = tmp.resolve("out");
        int before = headers.requests().size();

        var ran = run(List.of(withLogin("alice", SECRET, "/b.bin"), withLogin("bob", "other-" + SECRET, "/b.bin")), root);

        assertEquals(0, ran.exit(), ran::toString);
        var rows = manifestRows(root);
        assertEquals(1, rows.size(), rows::toString);
        var basic = "Basic " + Base64.getEncoder().encodeToString(("alice:" + SECRET).getBytes(StandardCharsets.UTF_8));
        var requests = headers.requests().subList(before, headers.requests().size());
        assertTrue(!requests.isEmpty() && requests.stream().allMatch(r -> basic.equals(r.authorization())), requests::toString);
        assertArrayEquals(random(60_000, 2), Files.readAllBytes(root.resolve(rows.getFirst().<String>getAs("path"))));
    }

    @Test
    void aUrlDoneInAManifestWrittenWithItsLoginIsSkippedAndShownMasked() throws Exception {
        var root = tmp.resolve("out");
        var url = withLogin("alice", SECRET, "/a.bin");
        // A row as the job wrote it before it masked logins.
        var old = org.apache.spark.sql.RowFactory.create(url, "127.0.0.1", "downloaded", 200, 50_000L, null,
                "a.bin", null, 1, 5L, java.sql.Timestamp.from(Instant.parse("2026-01-01T00:00:00Z")));
        spark.createDataFrame(List.of(old), Manifest.SCHEMA).write().parquet(Manifest.location(root.toString()));
        int before = headers.requests().size();

        var ran = run(List.of(url), root);

        assertEquals(0, ran.exit(), ran::toString);
        assertTrue(ran.out().contains(" 1 skipped as already downloaded"), ran.out());
        assertEquals(before, headers.requests().size(), "no request for a URL done");
        var masked = headers.uri("127.0.0.1", "/a.bin").toString().replace("http://", "http://***@");
        assertEquals(List.of(masked), Manifest.latest(spark, root.toString()).collectAsList().stream()
                .map(r -> r.<String>getAs("url")).toList());
    }

    @Test
    void aFailedUrlsRowAndTheDriversLinesHoldNoPasswordNorTheAuthorizationHeader() throws Exception {
        var root = tmp.resolve("out");
        int closed;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        var refused = "http://alice:" + SECRET + "@127.0.0.1:" + closed + "/gone.bin";
        var missing = withLogin("bob", SECRET, "/missing.bin");

        var ran = run(List.of(refused, missing, "  header=Authorization: Bearer " + SECRET), root);

        assertEquals(1, ran.exit(), ran::toString);
        var rows = manifestRows(root);
        assertEquals(2, rows.size(), rows::toString);
        assertTrue(rows.stream().noneMatch(r -> "downloaded".equals(r.getAs("outcome"))), rows::toString);
        assertTrue(rows.stream().allMatch(r -> r.<String>getAs("url").contains("://***@127.0.0.1:")), rows::toString);
        assertFalse(rows.toString().contains(SECRET), rows::toString);
        assertFalse((ran.out() + ran.err()).contains(SECRET), ran::toString);
    }

    @Test
    void aBadInputLineWithALoginIsAnErrorRowWithoutThePassword() throws Exception {
        var root = tmp.resolve("out");

        var ran = run(List.of("http://alice:" + SECRET + "@127.0.0.1:99999/a.bin"), root);

        assertEquals(1, ran.exit(), ran::toString);
        var rows = manifestRows(root);
        assertEquals(1, rows.size(), rows::toString);
        assertTrue(rows.getFirst().isNullAt(rows.getFirst().fieldIndex("url")), rows::toString);
        assertTrue(rows.getFirst().<String>getAs("error").contains("***@"), rows::toString);
        assertFalse(rows.toString().contains(SECRET), rows::toString);
        assertFalse((ran.out() + ran.err()).contains(SECRET), ran::toString);
    }

    @Test
    void aBadTableRowWithALoginIsAnErrorRowNamedByItsUrlMasked() throws Exception {
        var root = tmp.resolve("out");

        var ran = run(List.of("url", "http://alice:" + SECRET + "@127.0.0.1:99999/a.bin"), root, "--format", "csv");

        assertEquals(1, ran.exit(), ran::toString);
        var rows = manifestRows(root);
        assertEquals(1, rows.size(), rows::toString);
        assertTrue(rows.getFirst().<String>getAs("error").contains(" url http://***@127.0.0.1:99999/a.bin"), rows::toString);
        assertFalse(rows.toString().contains(SECRET), rows::toString);
        assertFalse((ran.out() + ran.err()).contains(SECRET), ran::toString);
    }

    @Test
    void aNetrcOthersCanReadIsWarnedAboutOnTheDriver() throws Exception {
        var netrc = Files.writeString(tmp.resolve("netrc"), "machine files.example.org login a password b\n");
        Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-r--r--"));

        var ran = run(List.of(headers.uri("127.0.0.1", "/a.bin").toString()), tmp.resolve("out"),
                "--netrc-file", netrc.toString());

        assertEquals(0, ran.exit(), ran::toString);
        assertTrue(ran.err().startsWith("loomget-spark: warning: " + netrc + " can be read by other users; chmod 600 "),
                ran.err());
    }

    @Test
    void cookiesFromTheFileAreSentToTheirHostAndABadLineIsReportedOnTheDriver() throws Exception {
        var cookies = privateFile("cookies.txt",
                "broken line\n127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\tabc\nother.example\tFALSE\t/\tFALSE\t0\tnot\tmine\n");
        var url = headers.uri("127.0.0.1", "/a.bin").toString();
        int before = headers.requests().size();

        var ran = run(List.of(url), tmp.resolve("out"), "-b", cookies.toString());

        assertEquals(0, ran.exit(), ran::toString);
        var requests = headers.requests().subList(before, headers.requests().size());
        assertFalse(requests.isEmpty());
        assertTrue(requests.stream().allMatch(r -> "session=abc".equals(r.cookie())), requests::toString);
        assertTrue(ran.err().startsWith("loomget-spark: skipped cookie at " + cookies + ":1: "), ran.err());
    }

    @Test
    void remoteTimeGivesFilesTheServersTimeAlsoOnAStagedRoot() throws Exception {
        var served = write(nginx.docroot().resolve("dated.bin"), 40_000, 3);
        var then = FileTime.from(Instant.parse("2020-02-02T02:02:02Z"));
        Files.setLastModifiedTime(served, then);
        var url = nginx.files("dated.bin").toString();
        var local = tmp.resolve("local");
        var staged = tmp.resolve("staged");

        assertEquals(0, run(List.of(url), local, "-R").exit());
        assertEquals(0, run(List.of(url), StagedLocalFileSystem.SCHEME + ":" + staged.toUri().getPath(),
                "--remote-time").exit());

        var path = latest(local).get(url).<String>getAs("path");
        assertEquals(then, Files.getLastModifiedTime(local.resolve(path)));
        assertEquals(then, Files.getLastModifiedTime(staged.resolve(path)));
    }

    @Test
    void conditionalGetFetchesAgainOnlyTheFileThatChangedOnTheServer() throws Exception {
        var same = write(nginx.docroot().resolve("same.bin"), 30_000, 4);
        var changing = write(nginx.docroot().resolve("changing.bin"), 30_000, 5);
        var root = tmp.resolve("out");
        var urls = List.of(nginx.files("same.bin").toString(), nginx.files("changing.bin").toString());
        assertEquals(0, run(urls, root, "-N").exit());
        var sameFile = root.resolve(latest(root).get(urls.get(0)).<String>getAs("path"));
        var changingFile = root.resolve(latest(root).get(urls.get(1)).<String>getAs("path"));
        var sameBefore = Files.getLastModifiedTime(sameFile);
        write(changing, 20_000, 6);
        Files.setLastModifiedTime(changing, FileTime.from(Files.getLastModifiedTime(same).toInstant().plusSeconds(60)));
        nginx.clearAccessLog();

        var ran = run(urls, root, "--conditional-get");

        assertEquals(0, ran.exit(), ran::toString);
        assertEquals(Checksums.sha256(changing), Checksums.sha256(changingFile), "replaced");
        assertEquals(Checksums.sha256(same), Checksums.sha256(sameFile));
        assertEquals(sameBefore, Files.getLastModifiedTime(sameFile), "kept as it was");
        long sameBodyBytes = nginx.entries("/files/same.bin").stream().mapToLong(e -> e.bodyBytesSent()).sum();
        assertTrue(sameBodyBytes < 30_000, "the unchanged file was not fetched again: " + sameBodyBytes + " bytes");
        assertTrue(ran.out().contains(" 0 skipped as already downloaded"), ran.out());
    }

    @Test
    void conditionalGetCountsAFileTheServerStillHasAsUpToDateNotAsDownloaded() throws Exception {
        var served = write(nginx.docroot().resolve("kept.bin"), 50_000, 9);
        var urls = List.of(nginx.files("kept.bin").toString());
        var root = tmp.resolve("out");
        assertEquals(0, run(urls, root, "-N").exit());
        var file = root.resolve(latest(root).get(urls.get(0)).<String>getAs("path"));
        nginx.clearAccessLog();

        var ran = run(urls, root, "-N");

        assertEquals(0, ran.exit(), ran::toString);
        assertTrue(ran.out().contains(" 0 downloaded (0 bytes), 1 up to date, 0 not found or failed,"), ran.out());
        var row = latest(root).get(urls.get(0));
        assertEquals(Outcome.UP_TO_DATE, row.getAs("outcome"));
        assertEquals(304, row.<Integer>getAs("http_status"));
        assertEquals(Checksums.sha256(served), row.getAs("sha256"));
        assertEquals(Checksums.sha256(served), Checksums.sha256(file));
        long body = nginx.entries("/files/kept.bin").stream().mapToLong(e -> e.bodyBytesSent()).sum();
        assertTrue(body < 50_000, "not fetched again: " + body + " bytes");
        // Up to date is done: a run without -N skips it.
        assertTrue(run(urls, root).out().contains(" 1 skipped as already downloaded"));
    }

    @Test
    void withoutConditionalGetADownloadedUrlIsSkipped() throws Exception {
        write(nginx.docroot().resolve("once.bin"), 10_000, 8);
        var urls = List.of(nginx.files("once.bin").toString());
        var root = tmp.resolve("out");
        assertEquals(0, run(urls, root).exit());

        var ran = run(urls, root);

        assertTrue(ran.out().contains(" 1 skipped as already downloaded"), ran.out());
    }
}
