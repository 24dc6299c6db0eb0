package io.loomget.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobOptionsTest {

    @Test
    void theCliOptionNamesAreAccepted() throws Exception {
        var o = JobOptions.parse("-j", "64", "-x", "2", "--max-connections-per-host", "8", "--threads", "platform",
                "--retries", "3", "--retry-wait=0.25", "--connect-timeout", "5", "--timeout", "7", "--partitions", "12",
                "in.txt", "hdfs:///out");
        assertEquals(64, o.filesAtOnce());
        assertEquals(2, o.connectionsPerFile());
        assertEquals(8, o.maxConnectionsPerHost());
        assertTrue(o.platformThreads());
        assertEquals(3, o.retries());
        assertEquals(Duration.ofMillis(250), o.retryWait());
        assertEquals(Duration.ofSeconds(5), o.connectTimeout());
        assertEquals(Duration.ofSeconds(7), o.idleTimeout());
        assertEquals(12, o.partitions());
        assertEquals("links", o.format());
        assertEquals("hdfs:///out", o.output());
    }

    @Test
    void rowsCarryTheSha256UnlessNoSha256IsGiven() throws Exception {
        assertTrue(JobOptions.parse("in.txt", "out").sha256());
        assertFalse(JobOptions.parse("--no-sha256", "in.txt", "out").sha256());
    }

    @Test
    void theInputFormatFollowsTheExtensionUnlessGiven() throws Exception {
        assertEquals("csv", JobOptions.parse("urls.CSV", "out").format());
        assertEquals("parquet", JobOptions.parse("s3a://b/urls.parquet", "out").format());
        assertEquals("parquet", JobOptions.parse("--format", "parquet", "dir", "out").format());
    }

    @Test
    void badCommandLinesNameTheirProblem() {
        assertEquals("INPUT and OUTPUT are required",
                assertThrows(JobOptions.UsageException.class, () -> JobOptions.parse("in.txt")).getMessage());
        assertEquals("-j must be at least 1, got '0'",
                assertThrows(JobOptions.UsageException.class, () -> JobOptions.parse("-j", "0", "a", "b")).getMessage());
        assertEquals("unknown option '--bogus'",
                assertThrows(JobOptions.UsageException.class, () -> JobOptions.parse("--bogus", "1", "a", "b")).getMessage());
        assertEquals("--threads must be virtual or platform, got 'green'",
                assertThrows(JobOptions.UsageException.class, () -> JobOptions.parse("--threads", "green", "a", "b")).getMessage());
    }

    @Test
    void aSettingTheEngineRefusesIsAUsageErrorBeforeAnyTaskRuns() {
        var refused = assertThrows(JobOptions.UsageException.class, () -> JobOptions.parse("--timeout", "0", "a", "b"));

        assertTrue(refused.getMessage().startsWith("idleTimeout (--timeout)"), refused.getMessage());
    }

    @Test
    void theCliSwitchesForRequestsAreAccepted() throws Exception {
        var o = JobOptions.parse("-N", "-R", "--check-certificate=false", "--no-netrc", "in.txt", "out");

        assertTrue(o.conditionalGet());
        assertTrue(o.remoteTime());
        assertTrue(o.insecure());
        assertEquals(ClientFiles.NONE, o.clientFiles());
        assertTrue(JobOptions.parse("--insecure", "in.txt", "out").insecure());
        assertEquals(false, JobOptions.parse("--check-certificate", "true", "in.txt", "out").insecure());
    }

    @Test
    void cliOptionsThatMeanNothingOnAClusterAreNamedAsSuch() {
        assertEquals("--save-cookies is not available in the Spark job: each task has cookies of its own and there is"
                        + " no one jar to write",
                assertThrows(JobOptions.UsageException.class,
                        () -> JobOptions.parse("--save-cookies", "c.txt", "a", "b")).getMessage());
        assertEquals("--on-download-complete is not available in the Spark job: read OUTPUT/_manifest after the job"
                        + " instead",
                assertThrows(JobOptions.UsageException.class,
                        () -> JobOptions.parse("--on-download-complete=echo", "a", "b")).getMessage());
    }

    @Test
    void conditionalGetTakesALocalRootWhoseNameAUriWouldEscape() throws Exception {
        assertTrue(JobOptions.parse("-N", "in.txt", "/data/out 100% [1]").conditionalGet());
        assertTrue(JobOptions.parse("-N", "in.txt", "file:///data/out%").conditionalGet());
    }

    @Test
    void conditionalGetIsRefusedForARootThatKeepsNoFileRecords() {
        var refused = assertThrows(JobOptions.UsageException.class, () -> JobOptions.parse("-N", "in.txt", "s3a://b/out"));

        assertTrue(refused.getMessage().startsWith("-N (--conditional-get) needs a file: output root, got s3a://b/out: "),
                refused.getMessage());
    }

    @Test
    void noNetrcWithANetrcFileIsAUsageError() {
        assertEquals("--no-netrc cannot be combined with -n or --netrc-file",
                assertThrows(JobOptions.UsageException.class,
                        () -> JobOptions.parse("--no-netrc", "--netrc-file", "x", "a", "b")).getMessage());
    }

    @Test
    void dashNReadsTheDriversNetrcAndNamesItWhenThereIsNone(@TempDir Path home) throws Exception {
        var homeNetrc = home.resolve(".netrc");
        assertEquals("-n: there is no " + homeNetrc + " on the driver; name one with --netrc-file FILE",
                assertThrows(JobOptions.UsageException.class, () -> JobOptions.parse(homeNetrc, "-n", "a", "b")).getMessage());
        var netrc = Files.writeString(homeNetrc, "machine h login u password p\n");

        var read = JobOptions.parse(homeNetrc, "--netrc", "a", "b").clientFiles().netrc();

        assertEquals(netrc.toString(), read.name());
        assertArrayEquals(Files.readAllBytes(netrc), read.content());
    }

    @Test
    void noNetrcIsReadUnlessAsked(@TempDir Path home) throws Exception {
        var homeNetrc = Files.writeString(home.resolve(".netrc"), "machine h login u password p\n");

        assertEquals(ClientFiles.NONE, JobOptions.parse(homeNetrc, "a", "b").clientFiles());
    }
}
