package io.loomget.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadRequest;
import io.loomget.ThreadKind;
import io.loomget.testsupport.Prerequisites;
import io.loomget.testsupport.Sha256;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One file from nginx over several connections: split into ranges nginx answers 206, byte-identical, also when throttled or slow. */
class NginxSplitTest extends AgainstNginx {

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
}
