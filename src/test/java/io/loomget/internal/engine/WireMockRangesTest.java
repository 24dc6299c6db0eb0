package io.loomget.internal.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.loomget.Batch;
import io.loomget.DownloadEvent;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.server.Content;
import io.loomget.testsupport.Dirs;
import io.loomget.testsupport.LocalWireMock;
import io.loomget.testsupport.RangeRequests;
import io.loomget.testsupport.RangeResponses;
import io.loomget.testsupport.RecordingListener;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.Span;
import io.loomget.testsupport.TestSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against WireMock, a server loomget's authors did not write: with {@link RangeResponses} it splits
 * like any range server; without it (WireMock answers 200 to every range) it still gets the file,
 * in one stream.
 */
@Timeout(60)
class WireMockRangesTest {

    /** Four ranges of under 128 KiB: too small for work stealing, so the requests are exactly the plan. */
    private static final int SIZE = 400_003;
    /** The probe: a range from byte 0, open or closed. */
    private static final String PROBE = "bytes=0-\\d*";
    private static final Content CONTENT = Content.generated(SIZE, 2024);
    /** Stubs opt in to byte ranges with .withTransformers(RangeResponses.NAME); the others are plain WireMock. */
    @RegisterExtension
    static final WireMockExtension wireMock = LocalWireMock.extension(RangeResponses.onlyWhereNamed());

    @TempDir
    Path dir;

    @Test
    void downloadsInSeveralRangesThroughTheRangeTransformer() {
        wireMock.stubFor(get("/ranged.bin").willReturn(aResponse().withStatus(200)
                .withBody(CONTENT.readAll()).withTransformers(RangeResponses.NAME)));

        var result = download("/ranged.bin", 4);

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result);
        assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
        assertTrue(downloaded.connections() > 1, "split: " + downloaded);
        var served = servedEvents();
        assertTrue(served.size() > 1, "several ranges");
        assertTrue(served.stream().allMatch(e -> e.getResponse().getStatus() == 206), "all 206");
        var asked = served.stream().map(e -> Span.ofRangeHeader(e.getRequest().getHeader("Range")).orElseThrow()).toList();
        RangeRequests.assertTiling(asked, SIZE);
        assertEquals(List.of("ranged.bin"), Dirs.names(dir));
    }

    @Test
    void plainWireMockAnswering200ToRangesStillYieldsTheWholeFileInOneStream() {
        wireMock.stubFor(get("/plain.bin").willReturn(aResponse().withStatus(200).withBody(CONTENT.readAll())));
        var listener = new RecordingListener();

        var result = download("/plain.bin", 4, listener);

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result);
        assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
        assertEquals(1, downloaded.connections());
        var served = servedEvents();
        assertEquals(1, served.size(), "the probe's 200 body is the download");
        assertEquals(200, served.getFirst().getResponse().getStatus());
        assertEquals(List.of("plain.bin"), Dirs.names(dir));
    }

    @Test
    void laterRangesAnswered200FallBackToOneStream() {
        // The probe gets an honest 206, the later ranges a 200 with the whole body (a broken cache, say).
        wireMock.stubFor(get("/half.bin").atPriority(1)
                .withHeader("Range", matching(PROBE))
                .willReturn(aResponse().withStatus(200).withBody(CONTENT.readAll()).withTransformers(RangeResponses.NAME)));
        wireMock.stubFor(get("/half.bin").atPriority(2)
                .willReturn(aResponse().withStatus(200).withBody(CONTENT.readAll())));
        var listener = new RecordingListener();

        var result = download("/half.bin", 4, listener);

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result);
        assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
        assertEquals(1, listener.events(DownloadEvent.SingleStreamFallback.class).size());
        // Ranges run concurrently, so the order WireMock logs them in says nothing; what was asked does.
        var whole = servedEvents().stream().filter(e -> !e.getRequest().containsHeader("Range")).toList();
        assertEquals(1, whole.size(), "the fallback asks once for the whole representation");
        assertEquals(200, whole.getFirst().getResponse().getStatus());
        assertEquals(List.of("half.bin"), Dirs.names(dir));
    }

    @Test
    void laterRangeLabelledWithOtherBytesIsNeverWrittenAndTheFileFallsBackToOneStream() {
        wireMock.stubFor(get("/shifted.bin").atPriority(1)
                .withHeader("Range", matching(PROBE))
                .willReturn(aResponse().withStatus(200).withBody(CONTENT.readAll()).withTransformers(RangeResponses.NAME)));
        wireMock.stubFor(get("/shifted.bin").atPriority(2)
                .withHeader("Range", matching("bytes=[1-9]\\d*-\\d+"))
                .willReturn(aResponse().withStatus(200).withBody(CONTENT.readAll())
                        .withTransformers(RangeResponses.NAME).withTransformerParameter(RangeResponses.SHIFT, 100)));
        wireMock.stubFor(get("/shifted.bin").atPriority(3)
                .willReturn(aResponse().withStatus(200).withBody(CONTENT.readAll())));
        var listener = new RecordingListener();

        var result = download("/shifted.bin", 4, listener);

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result);
        assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
        assertEquals(1, listener.events(DownloadEvent.SingleStreamFallback.class).size());
        assertTrue(servedEvents().stream().anyMatch(e -> e.getResponse().getStatus() == 206
                && !e.getRequest().getHeader("Range").startsWith("bytes=0-")
                && !e.getResponse().getHeaders().getHeader("Content-Range").firstValue()
                        .startsWith(e.getRequest().getHeader("Range").replace("bytes=", "bytes "))),
                "the server did send a shifted range");
    }

    private FileResult download(String path, int connections) {
        return download(path, connections, new RecordingListener());
    }

    private FileResult download(String path, int connections, RecordingListener listener) {
        var settings = TestSettings.into(dir).connectionsPerFile(connections).minSplitSize(1000).build();
        var results = new Batch(settings, listener).run(List.of(DownloadRequest.of(URI.create(wireMock.baseUrl() + path))));
        return results.getFirst();
    }

    /** What WireMock served, oldest first. */
    private static List<ServeEvent> servedEvents() {
        return wireMock.getAllServeEvents().reversed();
    }
}
