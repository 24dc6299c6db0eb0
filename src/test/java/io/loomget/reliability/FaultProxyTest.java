package io.loomget.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.loomget.Batch;
import io.loomget.DownloadEvent;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.RetryPolicy;
import io.loomget.Settings;
import io.loomget.internal.io.ResumeState;
import io.loomget.server.Content;
import io.loomget.testsupport.FaultProxy;
import io.loomget.testsupport.OnRangeServer;
import io.loomget.testsupport.RecordingListener;
import io.loomget.testsupport.Sha256;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many downloads through a TCP proxy that cuts connections at random byte offsets: not one corrupt
 * file. Every file's outcome is checked: downloaded and byte-exact, or failed with nothing under
 * its final name. The numbers are printed for the record.
 */
class FaultProxyTest extends OnRangeServer {

    private static final long SEED = 20261122L;
    private static final int FILES = 40;
    private static final double CUT_PROBABILITY = 0.5;
    private static final long MAX_CUT_OFFSET = 256 * 1024;

    private FaultProxy proxy;

    @BeforeEach
    void startTheProxy() throws Exception {
        proxy = FaultProxy.start(server.port(), CUT_PROBABILITY, MAX_CUT_OFFSET, SEED);
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void downloadsThroughConnectionsCutAtRandomOffsetsAreNeverCorrupt() {
        var random = new Random(SEED);
        var contents = new ArrayList<Content>();
        var requests = new ArrayList<DownloadRequest>();
        for (int i = 0; i < FILES; i++) {
            // Sizes from empty to 2 MiB, a few tiny ones and a few that split into many ranges.
            long size = switch (i % 5) {
                case 0 -> random.nextInt(2_000);
                case 1 -> 10_000 + random.nextInt(100_000);
                case 2 -> 200_000 + random.nextInt(400_000);
                default -> 500_000 + random.nextInt(1_600_000);
            };
            var content = Content.generated(size, SEED + i);
            var path = "/f" + i + ".bin";
            server.add(path, content);
            contents.add(content);
            requests.add(DownloadRequest.of(proxy.uri(path)));
        }
        var settings = Settings.builder()
                .outputDir(dir)
                .filesAtOnce(8)
                .connectionsPerFile(4)
                .minSplitSize(64 * 1024)
                .retry(new RetryPolicy(20, Duration.ofMillis(2), Duration.ofMillis(20)))
                .connectTimeout(Duration.ofSeconds(5))
                .idleTimeout(Duration.ofSeconds(5))
                .build();
        var events = new RecordingListener();

        long start = System.nanoTime();
        List<FileResult> results = new Batch(settings, events).run(requests);
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();

        int ok = 0;
        int failed = 0;
        var problems = new ArrayList<String>();
        for (int i = 0; i < FILES; i++) {
            var target = dir.resolve("f" + i + ".bin");
            switch (results.get(i)) {
                case FileResult.Downloaded d -> {
                    if (!d.path().equals(target)) {
                        problems.add("f" + i + " saved as " + d.path());
                    } else if (!contents.get(i).sha256Hex().equals(Sha256.of(d.path()))) {
                        problems.add("f" + i + " is CORRUPT (" + contents.get(i).size() + " bytes)");
                    }
                    ok++;
                }
                case FileResult.Failed f -> {
                    if (Files.exists(target)) {
                        problems.add("f" + i + " failed (" + f.reason() + ") but has its final name");
                    }
                    if (Files.exists(target.resolveSibling(target.getFileName() + ".part"))
                            && !Files.exists(ResumeState.pathFor(target))) {
                        problems.add("f" + i + " left a part file that cannot be resumed");
                    }
                    failed++;
                }
                default -> problems.add("f" + i + ": unexpected " + results.get(i));
            }
        }
        int retries = events.events(DownloadEvent.RangeRetried.class).size();
        int fallbacks = events.events(DownloadEvent.SingleStreamFallback.class).size();
        System.out.printf("FaultProxy run (seed %d, p=%.2f, cut within %d bytes): %d connections, %d cut, "
                        + "%d files ok, %d files failed, %d range retries, %d single-stream fallbacks, "
                        + "%d bytes through the proxy for %d bytes of files, %d ms%n",
                SEED, CUT_PROBABILITY, MAX_CUT_OFFSET, proxy.connections(), proxy.cuts(), ok, failed, retries,
                fallbacks, proxy.bytesToClient(), contents.stream().mapToLong(Content::size).sum(), millis);

        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
        assertEquals(FILES, ok + failed);
        assertTrue(proxy.cuts() > 0, "the proxy cut nothing: the test proved nothing");
        assertTrue(ok >= FILES * 9 / 10, "with 20 retries nearly every file should make it: " + ok);
        assertFalse(Files.exists(dir.resolve("f0.bin.part")) && results.get(0) instanceof FileResult.Downloaded);
    }
}
