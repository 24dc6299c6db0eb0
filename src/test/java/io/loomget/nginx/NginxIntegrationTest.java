package io.loomget.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.loomget.Batch;
import io.loomget.DownloadEvent;
import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.RetryPolicy;
import io.loomget.Settings;
import io.loomget.ThreadKind;
import io.loomget.nginx.NginxServer.AccessLogEntry;
import io.loomget.testsupport.Prerequisites;
import io.loomget.testsupport.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real engine ({@link Batch}) against a real nginx: Range, keep-alive, 404s and per-connection
 * throttling as a production server does them. Each test gets its own nginx and output directory.
 * The assertions about splitting read nginx's access log, not the clock.
 */
@Timeout(60)
class NginxIntegrationTest {

    private static final int KiB = 1024;
    private static final int MiB = 1024 * KiB;
    private static final Duration LOG_WAIT = Duration.ofSeconds(10);
    private static final Pattern CLOSED_RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    @TempDir
    Path serverDir;

    @TempDir
    Path out;

    private NginxServer nginx;
    private final Events events = new Events();

    @BeforeEach
    void startNginx() throws IOException {
        nginx = NginxServer.start(serverDir);
    }

    @AfterEach
    void stopNginx() {
        if (nginx != null) {
            long pid = nginx.pid();
            nginx.close();
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "nginx still runs");
        }
    }

    // (1) One large file, split: byte-identical, and nginx saw the ranges. (5) With both thread kinds.
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void largeFileIsSplitIntoRangesAndArrivesIntact(ThreadKind threads) throws Exception {
        long size = 20L * MiB;
        var sha = writeRandom(nginx.docroot().resolve("big.bin"), size, 20);

        var results = run(settings(threads).connectionsPerFile(8).minSplitSize(MiB),
                DownloadRequest.of(nginx.files("big.bin")));

        var done = downloaded(results.get(0));
        assertEquals(out.resolve("big.bin"), done.path());
        assertEquals(size, done.bytes());
        assertEquals(sha, Sha256.of(done.path()), "content differs from the served file");
        assertEquals(8, done.connections(), "connections in use at the peak");
        assertNoPartFiles();
        events.assertNoRetriesOrFallbacks();

        var ranged = awaitRangeRequests("/files/big.bin", 8);
        var all = nginx.entries("/files/big.bin");
        assertTrue(all.stream().allMatch(e -> e.status() == 206 && e.hasRange()),
                () -> "every request of a rangeable file is a range request answered 206:\n" + lines(all));
        assertTrue(ranged.stream().anyMatch(e -> e.range().startsWith("bytes=0-")), "the probe asks for the file's start");
        assertRangesInside(ranged, size);
    }

    // (2) Many small files at once: every edge size right, nothing left as .part.
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void batchOfSmallFilesAllArriveIntact(ThreadKind threads) throws Exception {
        long[] sizes = {0, 1, 2, 3, 100, 511, 512, 1000, 1023, 1024, 4095, 4096, 4097,
            16 * KiB - 1, 16 * KiB, 16 * KiB + 1, 64 * KiB - 1, 64 * KiB, 64 * KiB + 1, 100_000, 128 * KiB,
            256 * KiB - 1, 256 * KiB, 256 * KiB + 1, 500_000, MiB - 1, MiB, MiB + 1, 2 * MiB + 3, 3 * MiB + 7};
        assertEquals(30, sizes.length);
        var expected = new LinkedHashMap<String, String>();
        var requests = new ArrayList<DownloadRequest>();
        for (int i = 0; i < sizes.length; i++) {
            var name = "small-%02d-%d.bin".formatted(i, sizes[i]);
            expected.put(name, writeRandom(nginx.docroot().resolve(name), sizes[i], 1000 + i));
            requests.add(DownloadRequest.of(nginx.files(name)));
        }

        // Small minimum split so that the mid-sized files are cut into ranges too.
        var results = run(settings(threads).filesAtOnce(6).connectionsPerFile(4).minSplitSize(64 * KiB),
                requests.toArray(DownloadRequest[]::new));

        assertEquals(sizes.length, results.size());
        int i = 0;
        for (var entry : expected.entrySet()) {
            var done = downloaded(results.get(i));
            assertEquals(requests.get(i), done.request(), "results come back in input order");
            assertEquals(out.resolve(entry.getKey()), done.path());
            assertEquals(sizes[i], done.bytes(), entry.getKey());
            assertEquals(sizes[i], Files.size(done.path()), entry.getKey());
            assertEquals(entry.getValue(), Sha256.of(done.path()), entry.getKey());
            i++;
        }
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(new TreeSet<>(expected.keySet()),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)),
                    "exactly the downloaded files, no .part left");
        }
        events.assertNoRetriesOrFallbacks();

        var log = nginx.awaitEntries(es -> expected.keySet().stream()
                .allMatch(name -> es.stream().anyMatch(e -> e.path().equals("/files/" + name))), LOG_WAIT);
        assertTrue(log.stream().allMatch(e -> e.status() == 200 || e.status() == 206), () -> lines(log));
        // The 3 MiB file was split: more than one request for it.
        assertTrue(nginx.entries("/files/small-29-3145735.bin").size() > 1, () -> lines(log));
    }

    // (3) A 404 in a batch is that file's NotFound; the others are not disturbed.
    @Test
    void missingFileIsNotFoundWhileTheOthersSucceed() throws Exception {
        var shaA = writeRandom(nginx.docroot().resolve("a.bin"), 300_000, 31);
        var shaB = writeRandom(nginx.docroot().resolve("b.bin"), 3 * MiB, 32);
        var shaC = writeRandom(nginx.docroot().resolve("c.bin"), 10, 33);

        var results = run(settings(ThreadKind.VIRTUAL).connectionsPerFile(4).minSplitSize(256 * KiB),
                DownloadRequest.of(nginx.files("a.bin")),
                DownloadRequest.of(nginx.files("missing.bin")),
                DownloadRequest.of(nginx.files("b.bin")),
                DownloadRequest.of(nginx.files("c.bin")));

        var notFound = assertInstanceOf(FileResult.NotFound.class, results.get(1), () -> results.get(1).toString());
        assertEquals(404, notFound.status());
        assertEquals(shaA, Sha256.of(downloaded(results.get(0)).path()));
        assertEquals(shaB, Sha256.of(downloaded(results.get(2)).path()));
        assertEquals(shaC, Sha256.of(downloaded(results.get(3)).path()));
        assertFalse(Files.exists(out.resolve("missing.bin")));
        assertNoPartFiles();

        var log = nginx.awaitEntries(es -> es.stream().anyMatch(e -> e.path().equals("/files/missing.bin")), LOG_WAIT);
        var missing = log.stream().filter(e -> e.path().equals("/files/missing.bin")).toList();
        assertEquals(1, missing.size(), () -> "a 404 is final, asked once:\n" + lines(missing));
        assertEquals(404, missing.get(0).status());
    }

    // (4) A throttled file: 8 connections share the work, each carrying about an eighth.
    // (5) With both thread kinds.
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void cappedFileIsFetchedOverManyConnections(ThreadKind threads) throws Exception {
        // nginx lets a connection send its first second's worth (256 KiB) at once: ranges must be larger
        // than that for the cap to bite. One connection would need ~15 s for 4 MiB; 8 need ~1 s.
        long size = 4L * MiB;
        var sha = writeRandom(nginx.docroot().resolve("capped.bin"), size, 40);

        long started = System.nanoTime();
        var results = run(settings(threads).connectionsPerFile(8).minSplitSize(256 * KiB),
                DownloadRequest.of(nginx.capped("capped.bin")));
        var elapsed = Duration.ofNanos(System.nanoTime() - started);

        var done = downloaded(results.get(0));
        assertEquals(sha, Sha256.of(done.path()));
        assertEquals(8, done.connections());
        assertNoPartFiles();
        events.assertNoRetriesOrFallbacks();

        var ranged = awaitRangeRequests("/capped/capped.bin", 8);
        assertRangesInside(ranged, size);
        // No connection carried the file alone: none sent as much as a quarter of it.
        long most = ranged.stream().mapToLong(AccessLogEntry::bodyBytesSent).max().orElseThrow();
        assertTrue(most < size / 4, () -> "one connection sent " + most + " bytes:\n" + lines(ranged));
        assertTrue(ranged.stream().mapToLong(AccessLogEntry::bodyBytesSent).sum() >= size, () -> lines(ranged));
        // nginx's own timestamps: the throttled requests ran side by side.
        assertTrue(peakOverlap(ranged) >= 4, () -> "requests did not overlap:\n" + lines(ranged));
        System.out.printf("capped %s: %d range requests, %d bytes sent for %d, %d ms (one connection: ~15 s)%n",
                threads, ranged.size(), ranged.stream().mapToLong(AccessLogEntry::bodyBytesSent).sum(), size,
                elapsed.toMillis());
    }

    // Latency before the first byte (echo_sleep) changes nothing but the time.
    @Test
    void slowServerStillSplitsAndArrivesIntact() throws Exception {
        Prerequisites.require("nginx's echo module (libnginx-mod-http-echo): no /slow/", nginx.hasSlow());
        long size = 4L * MiB;
        var sha = writeRandom(nginx.docroot().resolve("slow.bin"), size, 50);

        var results = run(settings(ThreadKind.VIRTUAL).connectionsPerFile(4).minSplitSize(MiB),
                DownloadRequest.of(nginx.slow("slow.bin")));

        var done = downloaded(results.get(0));
        assertEquals(sha, Sha256.of(done.path()));
        assertNoPartFiles();
        var ranged = awaitRangeRequests("/slow/slow.bin", 4);
        assertRangesInside(ranged, size);
        assertTrue(ranged.stream().allMatch(e -> e.requestSeconds() >= 0.25), () -> lines(ranged));
    }

    // ---------------------------------------------------------------------------------------------

    private Settings.Builder settings(ThreadKind threads) {
        return Settings.builder()
                .outputDir(out)
                .threads(threads)
                // Loopback nginx: nothing should need a retry; few and short ones keep a failure quick.
                .retry(new RetryPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(1)))
                .connectTimeout(Duration.ofSeconds(5))
                .idleTimeout(Duration.ofSeconds(15));
    }

    private List<FileResult> run(Settings.Builder settings, DownloadRequest... requests) {
        return new Batch(settings.build(), events).run(List.of(requests));
    }

    private static FileResult.Downloaded downloaded(FileResult result) {
        return assertInstanceOf(FileResult.Downloaded.class, result, result::toString);
    }

    /** Waits until nginx has logged at least {@code atLeast} different Range values answered 206 for {@code path}. */
    private List<AccessLogEntry> awaitRangeRequests(String path, int atLeast) {
        nginx.awaitEntries(es -> distinctRanges(es, path) >= atLeast, LOG_WAIT);
        return nginx.entries(path).stream().filter(e -> e.status() == 206 && e.hasRange()).toList();
    }

    private static long distinctRanges(List<AccessLogEntry> entries, String path) {
        return entries.stream()
                .filter(e -> e.path().equals(path) && e.status() == 206 && e.hasRange())
                .map(AccessLogEntry::range)
                .distinct()
                .count();
    }

    /** Every closed range asked for lies inside the file and is not empty. */
    private static void assertRangesInside(List<AccessLogEntry> ranged, long size) {
        for (var e : ranged) {
            var m = CLOSED_RANGE.matcher(e.range());
            if (m.matches()) {
                long first = Long.parseLong(m.group(1));
                long last = Long.parseLong(m.group(2));
                assertTrue(first <= last && last < size, () -> "range outside the file: " + e);
                // At most the range: less when work stealing moved its end and the reader hung up.
                assertTrue(e.bodyBytesSent() <= last - first + 1, () -> "more than the range was sent: " + e);
            } else {
                fail("every range is closed, the probe's included: " + e);
            }
        }
    }

    /** The most requests nginx had in progress at one instant, from their logged start and end. */
    private static int peakOverlap(List<AccessLogEntry> entries) {
        int peak = 0;
        for (var a : entries) {
            // Just after a's start: how many others had started and not yet ended.
            double t = a.startSeconds() + 0.0005;
            int n = (int) entries.stream().filter(b -> b.startSeconds() <= t && b.endSeconds() >= t).count();
            peak = Math.max(peak, n);
        }
        return peak;
    }

    private void assertNoPartFiles() throws IOException {
        try (Stream<Path> files = Files.walk(out)) {
            var parts = files.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
            assertTrue(parts.isEmpty(), () -> "left behind: " + parts);
        }
    }

    private static String lines(List<AccessLogEntry> entries) {
        return entries.stream().map(Object::toString).collect(Collectors.joining("\n"));
    }

    /** Writes {@code size} seeded random bytes to {@code file}; returns their SHA-256. */
    static String writeRandom(Path file, long size, long seed) throws IOException {
        var random = new SplittableRandom(seed);
        var buffer = new byte[64 * KiB];
        try (OutputStream os = Files.newOutputStream(file)) {
            for (long left = size; left > 0; ) {
                int n = (int) Math.min(buffer.length, left);
                random.nextBytes(buffer);
                os.write(buffer, 0, n);
                left -= n;
            }
        }
        return Sha256.of(file);
    }

    /** Everything the engine reported, for assertions about retries and fallbacks. */
    private static final class Events implements DownloadListener {
        final ConcurrentLinkedQueue<DownloadEvent> all = new ConcurrentLinkedQueue<>();

        @Override
        public void on(DownloadEvent event) {
            all.add(event);
        }

        void assertNoRetriesOrFallbacks() {
            var trouble = all.stream()
                    .filter(e -> e instanceof DownloadEvent.RangeRetried || e instanceof DownloadEvent.SingleStreamFallback)
                    .toList();
            assertTrue(trouble.isEmpty(), () -> "against a local nginx nothing should be retried: " + trouble);
        }
    }
}
