package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.Batch;
import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.server.Content;
import io.loomget.server.RecordedRequest;
import io.loomget.testsupport.Dirs;
import io.loomget.testsupport.OnRangeServer;
import io.loomget.testsupport.RangeRequests;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.Span;
import io.loomget.testsupport.TestSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever the size and the number of connections, the file on disk is the server's content byte
 * for byte, and the server saw a probe from byte 0 and then byte ranges, all answered 206, that
 * tile the file: no byte asked for twice (but for tails of a slow range handed to another
 * connection), none forgotten.
 */
class SplitCorrectnessTest extends OnRangeServer {

    private static final long MIN_SPLIT = 1000;
    private static final String PATH = "/file.bin";
    /** Work stealing cuts no piece under 32 KiB off a range, so it leaves ranges under 64 KiB alone. */
    private static final long SMALLEST_STEALABLE = 64 * 1024;

    static Stream<Arguments> sizesAndConnections() {
        long[] sizes = {0, 1, 2, 999, 1000, 1001, 7999, 8000, 8001, 3 * 1024 * 1024 + 17};
        int[] connections = {1, 3, 8};
        var cases = new ArrayList<Arguments>();
        for (long size : sizes) {
            for (int c : connections) {
                cases.add(Arguments.of(size, c));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} bytes, -x {1}")
    @MethodSource("sizesAndConnections")
    void fileOnDiskIsTheContentAndNoPartFileIsLeft(long size, int connections) {
        var content = Content.generated(size, size * 31 + connections);
        server.add(PATH, content);

        var result = download(connections);

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result);
        assertEquals(dir.resolve("file.bin"), downloaded.path());
        assertEquals(size, downloaded.bytes());
        assertEquals(content.sha256Hex(), Sha256.of(downloaded.path()));
        assertEquals(List.of("file.bin"), Dirs.names(dir), "only the final file is left");
    }

    @ParameterizedTest(name = "{0} bytes, -x {1}")
    @MethodSource("sizesAndConnections")
    void serverSeesTheProbeThenRangesThatTileTheFileAnswered206(long size, int connections) throws Exception {
        server.add(PATH, Content.generated(size, 5));

        assertInstanceOf(FileResult.Downloaded.class, download(connections));

        var requests = finishedRequests();
        var probe = requests.getFirst();
        assertTrue(probe.rangeHeader() != null && probe.rangeHeader().startsWith("bytes=0-"),
                () -> "the first request is the probe, a range from byte 0: " + probe);
        if (size == 0) {
            assertEquals(416, probe.status(), "bytes=0- of an empty file is unsatisfiable");
            assertEquals(1, requests.size(), () -> "nothing more to ask for: " + requests);
            return;
        }
        var asked = new ArrayList<Span>();
        for (var r : requests) {
            assertEquals(206, r.status(), () -> "status of " + r);
            asked.add(Span.ofRangeHeader(r.rangeHeader()).orElseThrow(() -> new AssertionError("not a byte range: " + r)));
        }
        var tails = RangeRequests.assertTiling(asked, size);
        if (size < SMALLEST_STEALABLE) {
            assertEquals(List.of(), tails, "too small to steal from: no byte asked for twice");
        }
        long planned = asked.size() - tails.size();
        assertTrue(planned <= connections + 1, () -> "at most -x ranges besides the probe: " + asked);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {1001, 1500, 1999})
    void noRangeIsSmallerThanTheMinimumSplitSize(long size) throws Exception {
        // -k: "no range planned smaller than this"; a file under 2 x -k is not worth a second request.
        server.add(PATH, Content.generated(size, 6));

        assertInstanceOf(FileResult.Downloaded.class, download(8));

        var lengths = finishedRequests().stream()
                .map(r -> Span.ofRangeHeader(r.rangeHeader()).orElseThrow())
                .map(s -> (s.isOpen() ? size - 1 : Math.min(s.last(), size - 1)) - s.first() + 1)
                .toList();
        assertTrue(lengths.stream().allMatch(n -> n >= MIN_SPLIT), () -> "range lengths asked for: " + lengths);
    }

    private FileResult download(int connections) {
        var settings = TestSettings.into(dir).connectionsPerFile(connections).minSplitSize(MIN_SPLIT).build();
        var results = new Batch(settings, DownloadListener.NONE).run(List.of(DownloadRequest.of(server.uri(PATH))));
        assertEquals(1, results.size());
        return results.getFirst();
    }

    /** The server's record, once the responses the client abandoned (the probe's tail) have ended. */
    private List<RecordedRequest> finishedRequests() throws InterruptedException {
        assertTrue(server.awaitIdle(Duration.ofSeconds(5)), "server went idle");
        return server.requests().stream().filter(r -> r.path().equals(PATH)).toList();
    }
}
