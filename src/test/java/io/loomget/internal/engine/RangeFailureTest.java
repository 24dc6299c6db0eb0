package io.loomget.internal.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.loomget.Batch;
import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.RetryPolicy;
import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.LocalWireMock;
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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A range that fails for good fails its file, at once: its sibling ranges are cancelled (their
 * connections dropped, not read to the end), the file never gets its final name, and the other files
 * of the batch are not disturbed.
 */
@ExtendWith(RangeServerExtension.class)
@Timeout(60)
class RangeFailureTest {

    private static final long SIZE = 400_001;
    private static final Content BAD = Content.generated(SIZE, 1);
    private static final Content GOOD = Content.generated(SIZE, 2);
    /** The probe's body trickles so slowly that reading its 50 000 bytes would take 25 s. */
    private static final long SLOW_RATE = 2_000;

    @RegisterExtension
    static final WireMockExtension wireMock = LocalWireMock.extension(RangeResponses.onlyWhereNamed());

    @TempDir
    Path dir;

    private RangeServer server;

    @BeforeEach
    void startServer(RangeServer server) {
        this.server = server.add("/good.bin", GOOD).add("/bad.bin", BAD);
    }

    @Test
    void laterRangesAnswered403FailOnlyTheirFileAndCancelTheSlowFirstRange() {
        // The probe gets an honest but slow 206 (two minutes to the end: a wait for it trips the class
        // @Timeout); every other range of the file a 403.
        wireMock.stubFor(get("/bad.bin").atPriority(1).withHeader("Range", matching("bytes=0-\\d*"))
                .willReturn(aResponse().withStatus(200).withBody(BAD.readAll())
                        .withTransformers(RangeResponses.NAME)
                        .withChunkedDribbleDelay(100, 120_000)));
        wireMock.stubFor(get("/bad.bin").atPriority(2).willReturn(aResponse().withStatus(403)));
        var bad = DownloadRequest.of(URI.create(wireMock.baseUrl() + "/bad.bin"));
        var good = DownloadRequest.of(server.uri("/good.bin"));

        var results = batch(TestSettings.QUICK_RETRIES).run(List.of(bad, good));

        var failed = assertInstanceOf(FileResult.Failed.class, results.get(0));
        assertTrue(failed.reason().contains("403"), failed.reason());
        var downloaded = assertInstanceOf(FileResult.Downloaded.class, results.get(1));
        assertEquals(GOOD.sha256Hex(), Sha256.of(downloaded.path()));
        assertFalse(Files.exists(dir.resolve("bad.bin")), "a failed file never gets its final name");
        var statuses = wireMock.getAllServeEvents().stream()
                .map(e -> e.getRequest().getHeader("Range") + " " + e.getResponse().getStatus()).toList();
        assertTrue(statuses.stream().anyMatch(s -> s.startsWith("bytes=0-") && s.endsWith(" 206")), statuses::toString);
        assertTrue(statuses.stream().anyMatch(s -> s.endsWith(" 403")), statuses::toString);
    }

    @Test
    void rangesCutShortWithNoRetriesLeftFailTheirFileAndDropTheSlowProbe() throws Exception {
        // Every body is cut after 50 000 bytes; the probe's body, starting at 0, also trickles.
        server.behave("/bad.bin", Behaviour.builder().truncateAfter(50_000).slowWhenRangeStartsAt(0, SLOW_RATE).build());

        var results = batch(new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1)))
                .run(List.of(DownloadRequest.of(server.uri("/bad.bin")), DownloadRequest.of(server.uri("/good.bin"))));

        assertInstanceOf(FileResult.Failed.class, results.get(0));
        var downloaded = assertInstanceOf(FileResult.Downloaded.class, results.get(1));
        assertEquals(GOOD.sha256Hex(), Sha256.of(downloaded.path()));
        assertFalse(Files.exists(dir.resolve("bad.bin")), "a failed file never gets its final name");
        assertTrue(server.awaitIdle(Duration.ofSeconds(5)), "the server saw every connection of the batch end");
        var probe = server.requests().stream()
                .filter(r -> r.path().equals("/bad.bin") && r.rangeHeader().startsWith("bytes=0-"))
                .findFirst().orElseThrow();
        assertTrue(probe.bodyBytesSent() < 50_000, "the probe was dropped by the client, not cut by the server: " + probe);
    }

    @Test
    void aFailedFileDoesNotCountAgainstTheOthersInTheBatch() {
        server.behave("/bad.bin", Behaviour.builder().status(403).build());
        var settings = TestSettings.into(dir).filesAtOnce(1).connectionsPerFile(4).minSplitSize(1000).build();

        var results = new Batch(settings, DownloadListener.NONE).run(List.of(
                DownloadRequest.of(server.uri("/bad.bin")), DownloadRequest.of(server.uri("/good.bin"))));

        assertInstanceOf(FileResult.Failed.class, results.get(0));
        assertInstanceOf(FileResult.Downloaded.class, results.get(1));
    }

    private Batch batch(RetryPolicy retries) {
        // Ranges of 100 000 bytes: the probe's own range is big enough to be slow.
        var settings = TestSettings.into(dir).filesAtOnce(2).connectionsPerFile(4).minSplitSize(100_000)
                .retry(retries).build();
        return new Batch(settings, DownloadListener.NONE);
    }
}
