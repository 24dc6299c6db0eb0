package io.loomget.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.RetryPolicy;
import io.loomget.Settings;
import io.loomget.ThreadKind;
import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.LocalWireMock;
import io.loomget.testsupport.Poll;
import io.loomget.testsupport.RangeResponses;
import io.loomget.testsupport.RangeServerExtension;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * No thread, connection or socket outlives a failed file. Scope threads are made platform threads
 * ({@code --threads platform}) because the JDK lists only those; the HttpClient's own threads and the
 * process's sockets are counted as well, and the server says when no exchange is left in flight.
 */
@ExtendWith(RangeServerExtension.class)
@Timeout(30)
class ResourceCleanupTest {

    private static final String PATH = "/r.bin";
    private static final Duration SETTLE = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private RangeServer server;
    private long threadsBefore;
    private long clientThreadsBefore;
    private long socketsBefore;

    @BeforeEach
    void baseline(RangeServer server) {
        this.server = server;
        threadsBefore = Support.loomgetThreads();
        clientThreadsBefore = Support.httpClientThreads();
        socketsBefore = Support.openSockets();
    }

    private Settings.Builder settings(int retries) {
        return TestSettings.into(dir)
                .threads(ThreadKind.PLATFORM)
                .connectionsPerFile(4)
                .minSplitSize(64 * 1024)
                .retry(new RetryPolicy(retries, Duration.ofMillis(5), Duration.ofMillis(20)));
    }

    private void assertEverythingReleased() {
        Poll.await("loomget threads back to " + threadsBefore + " (now " + Support.loomgetThreads() + ")",
                SETTLE, () -> Support.loomgetThreads() <= threadsBefore);
        Poll.await("HttpClient threads back to " + clientThreadsBefore + " (now " + Support.httpClientThreads() + ")",
                SETTLE, () -> Support.httpClientThreads() <= clientThreadsBefore);
        Poll.await("server exchanges in flight back to 0 (now " + server.inFlight() + ")",
                SETTLE, () -> server.inFlight() == 0);
        if (socketsBefore >= 0) {
            Poll.await("open sockets back to " + socketsBefore + " (now " + Support.openSockets() + ")",
                    SETTLE, () -> Support.openSockets() <= socketsBefore);
        }
    }

    @Test
    void fileThatRanOutOfRetriesLeavesNoThreadOrConnectionBehind() {
        server.add(PATH, Content.generated(1 << 20, 1));
        server.behave(PATH, Behaviour.builder().truncateAfter(8 * 1024).build());

        var result = Support.download(settings(1).build(), DownloadRequest.of(server.uri(PATH)));

        assertInstanceOf(FileResult.Failed.class, result, () -> "got " + result);
        assertFalse(Files.exists(dir.resolve("r.bin")));
        assertEverythingReleased();
    }

    @Test
    void failedRangeStopsItsSiblingsPromptly() throws Exception {
        // At 64 KiB/s a 4 MiB file in four ranges would take 16 s; two bodies are cut after 64 KiB (1 s).
        server.add(PATH, Content.generated(4 << 20, 2));
        server.behave(PATH, Behaviour.builder().rate(64 * 1024).truncateFirst(2, 64 * 1024).build());

        var result = Support.download(settings(0).build(), DownloadRequest.of(server.uri(PATH)));

        assertInstanceOf(FileResult.Failed.class, result, () -> "got " + result);
        assertTrue(server.awaitIdle(Duration.ofSeconds(10)), "the server still sends: " + server.inFlight());
        // Stopped, not waited for: no range got to its end (each is 1 MiB, 16 s at this rate).
        assertTrue(server.requests().stream().allMatch(r -> r.bodyBytesSent() < 1 << 20), server.requests()::toString);
        assertEverythingReleased();
    }

    @Test
    void forbiddenRangesFailTheFileAtOnceAndReleaseEverything() {
        var content = Content.generated(512 * 1024, 3);
        var wm = LocalWireMock.start(RangeResponses.everywhere());
        try {
            wm.stubFor(get(urlPathEqualTo(PATH)).atPriority(10)
                    .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"r\"").withBody(content.readAll())));
            wm.stubFor(get(urlPathEqualTo(PATH)).atPriority(1)
                    .withHeader("Range", matching("bytes=[1-9][0-9]*-[0-9]+"))
                    .willReturn(aResponse().withStatus(403)));

            var result = Support.download(settings(5).build(),
                    DownloadRequest.of(URI.create("http://127.0.0.1:" + wm.port() + PATH)));

            var failed = assertInstanceOf(FileResult.Failed.class, result, () -> "got " + result);
            assertTrue(failed.reason().contains("403"), failed.reason());
            assertFalse(Files.exists(dir.resolve("r.bin")));
            var ranges = wm.findAll(getRequestedFor(urlPathEqualTo(PATH)).withHeader("Range", matching("bytes=[1-9].*")));
            var distinct = ranges.stream().map(r -> r.getHeader("Range")).distinct().count();
            assertEquals(distinct, ranges.size(), "a 403 range was asked again: "
                    + ranges.stream().map(r -> r.getHeader("Range")).toList());
            assertEquals(1, wm.findAll(getRequestedFor(urlPathEqualTo(PATH)).withHeader("Range", matching("bytes=0-[0-9]*"))).size());
        } finally {
            wm.stop();
        }
        Poll.await("loomget threads back to " + threadsBefore, SETTLE, () -> Support.loomgetThreads() <= threadsBefore);
        Poll.await("HttpClient threads back to " + clientThreadsBefore, SETTLE,
                () -> Support.httpClientThreads() <= clientThreadsBefore);
    }

    @Test
    void successfulFilesAfterAFailedOneAreUnaffected() {
        var good = Content.generated(300_000, 4);
        server.add("/good.bin", good);
        server.add(PATH, Content.generated(300_000, 5));
        server.behave(PATH, Behaviour.builder().status(403).build());

        var results = new io.loomget.Batch(settings(1).filesAtOnce(2).build(), io.loomget.DownloadListener.NONE)
                .run(List.of(DownloadRequest.of(server.uri(PATH)), DownloadRequest.of(server.uri("/good.bin"))));

        assertInstanceOf(FileResult.Failed.class, results.get(0));
        var downloaded = assertInstanceOf(FileResult.Downloaded.class, results.get(1));
        assertEquals(good.sha256Hex(), Sha256.of(downloaded.path()));
        assertEverythingReleased();
    }
}
