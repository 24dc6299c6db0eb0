package io.loomget.nginx;

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
import io.loomget.testsupport.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real engine ({@link Batch}) against a real nginx: Range, keep-alive, 404s and per-connection
 * throttling as a production server does them. Each test gets its own nginx and output directory.
 * The assertions about splitting read nginx's access log, not the clock. This class holds the
 * fixture and the access-log checks the nginx tests share.
 */
@Timeout(60)
abstract class AgainstNginx {

    static final int KiB = 1024;
    static final int MiB = 1024 * KiB;
    static final Duration LOG_WAIT = Duration.ofSeconds(10);
    private static final Pattern CLOSED_RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    @TempDir
    Path serverDir;

    @TempDir
    Path out;

    NginxServer nginx;
    final Events events = new Events();

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

    Settings.Builder settings(ThreadKind threads) {
        return Settings.builder()
                .outputDir(out)
                .threads(threads)
                // Loopback nginx: nothing should need a retry; few and short ones keep a failure quick.
                .retry(new RetryPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(1)))
                .connectTimeout(Duration.ofSeconds(5))
                .idleTimeout(Duration.ofSeconds(15));
    }

    List<FileResult> run(Settings.Builder settings, DownloadRequest... requests) {
        return new Batch(settings.build(), events).run(List.of(requests));
    }

    static FileResult.Downloaded downloaded(FileResult result) {
        return assertInstanceOf(FileResult.Downloaded.class, result, result::toString);
    }

    /** Waits until nginx has logged at least {@code atLeast} different Range values answered 206 for {@code path}. */
    List<AccessLogEntry> awaitRangeRequests(String path, int atLeast) {
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
    static void assertRangesInside(List<AccessLogEntry> ranged, long size) {
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
    static int peakOverlap(List<AccessLogEntry> entries) {
        int peak = 0;
        for (var a : entries) {
            // Just after a's start: how many others had started and not yet ended.
            double t = a.startSeconds() + 0.0005;
            int n = (int) entries.stream().filter(b -> b.startSeconds() <= t && b.endSeconds() >= t).count();
            peak = Math.max(peak, n);
        }
        return peak;
    }

    void assertNoPartFiles() throws IOException {
        try (Stream<Path> files = Files.walk(out)) {
            var parts = files.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
            assertTrue(parts.isEmpty(), () -> "left behind: " + parts);
        }
    }

    static String lines(List<AccessLogEntry> entries) {
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
    static final class Events implements DownloadListener {
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
