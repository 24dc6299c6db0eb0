package io.loomget.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.loomget.DownloadEvent;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.RetryPolicy;
import io.loomget.server.Content;
import io.loomget.testsupport.Dirs;
import io.loomget.testsupport.LocalWireMock;
import io.loomget.testsupport.RangeResponses;
import io.loomget.testsupport.RecordingListener;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import io.loomget.testsupport.WrongRanges;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A server whose probe ({@code Range: bytes=0-}) is answered honestly, but whose later range answers
 * are wrong in one way each: 200 with the whole body, bytes from another offset (labelled or not),
 * another total size, another version. None of those bytes may land in the file; the download falls
 * back to one plain stream or fails, and a file under its final name is always byte-exact.
 */
@Timeout(30)
class RangeAnswerValidationTest {

    private static final String PATH = "/v.bin";
    private static final String NAME = "v.bin";
    private static final int SIZE = 256 * 1024;
    private static final Content CONTENT = Content.generated(SIZE, 4242);
    private static final byte[] BODY = CONTENT.readAll();
    private static final String ETAG = "\"v-1\"";
    /** Every range request but the probe. */
    private static final String LATER_RANGE = "bytes=[1-9][0-9]*-[0-9]+";

    @TempDir
    Path dir;

    /** Only stubs that name the transformer get byte ranges: the misbehaving ones answer as written. */
    @RegisterExtension
    final WireMockExtension wm = LocalWireMock.extension(RangeResponses.onlyWhereNamed(), new WrongRanges());
    private final RecordingListener events = new RecordingListener();

    @BeforeEach
    void startWireMock() {
        wm.stubFor(get(urlPathEqualTo(PATH)).atPriority(10)
                .willReturn(honest().withTransformers(RangeResponses.NAME)));
    }

    private static ResponseDefinitionBuilder honest() {
        return aResponse().withStatus(200).withHeader("ETag", ETAG).withBody(BODY);
    }

    /** Later ranges get {@code answer} instead of the honest one. */
    private void laterRangesAnswer(ResponseDefinitionBuilder answer) {
        wm.stubFor(get(urlPathEqualTo(PATH)).atPriority(1)
                .withHeader("Range", matching(LATER_RANGE))
                .willReturn(answer));
    }

    private FileResult download() {
        var settings = TestSettings.into(dir)
                .connectionsPerFile(4)
                .minSplitSize(16 * 1024)
                .retry(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20)))
                .build();
        return Support.download(settings, DownloadRequest.of(URI.create("http://127.0.0.1:" + wm.getPort() + PATH)), events);
    }

    /** Downloaded and exact, or failed with nothing under the final name; returns whether it downloaded. */
    private boolean assertExactOrCleanFailure(FileResult result) {
        return switch (result) {
            case FileResult.Downloaded d -> {
                assertEquals(CONTENT.sha256Hex(), Sha256.of(d.path()), "wrong bytes were written");
                assertEquals(List.of(NAME), Dirs.names(dir));
                yield true;
            }
            case FileResult.Failed f -> {
                assertFalse(Files.exists(dir.resolve(NAME)), f.reason());
                yield false;
            }
            default -> throw new AssertionError("unexpected " + result);
        };
    }

    private int plainGets() {
        return wm.findAll(getRequestedFor(urlPathEqualTo(PATH)).withoutHeader("Range")).size();
    }

    @Test
    void rangesAnsweredWith200AfterA206ProbeFallBackToOneExactStream() {
        laterRangesAnswer(honest());

        var result = download();

        assertTrue(assertExactOrCleanFailure(result), "fell back instead of failing: " + result);
        assertEquals(1, events.events(DownloadEvent.SingleStreamFallback.class).size());
        assertEquals(1, plainGets(), "the fallback is one plain GET");
    }

    @Test
    void shiftedContentRangeOnRangesIsRejectedAndTheFileIsExact() {
        laterRangesAnswer(honest().withTransformers(RangeResponses.NAME).withTransformerParameter(RangeResponses.SHIFT, 1000));

        var result = download();

        assertTrue(assertExactOrCleanFailure(result), "got " + result);
        assertEquals(1, events.events(DownloadEvent.SingleStreamFallback.class).size());
    }

    /** Later ranges get a 206 that is wrong in the way {@code mode} says (see {@link WrongRanges}). */
    private void laterRangesWrong(String mode, byte[] body, String etag) {
        wm.stubFor(get(urlPathEqualTo(PATH)).atPriority(1)
                .withHeader("Range", matching(LATER_RANGE))
                .willReturn(aResponse().withStatus(200).withHeader("ETag", etag).withBody(body)
                        .withTransformers(WrongRanges.NAME)
                        .withTransformerParameter(WrongRanges.MODE, mode)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # behaviour | how later ranges are wrong (WrongRanges mode)
            Content-Range with another total size is not written | wrong-total
            partial answer without Content-Range is not written  | no-content-range
            multipart body beside a right Content-Range is not written | multipart-with-content-range
            the whole file labelled as the range asked for is not written | whole-body
            """)
    void wrongPartialAnswerIsNotWrittenAndTheFileComesInOnePlainGet(String behaviour, String mode) {
        laterRangesWrong(mode, BODY, ETAG);

        var result = download();

        assertTrue(assertExactOrCleanFailure(result), "got " + result);
        assertEquals(1, events.events(DownloadEvent.SingleStreamFallback.class).size());
        assertEquals(1, plainGets());
    }

    @Test
    void aMultipartProbeAnswerIsNotWrittenAndTheFileComesInOnePlainGet() {
        // The first range (the probe) comes back as one part of a multipart body, with a right Content-Range beside it.
        wm.stubFor(get(urlPathEqualTo(PATH)).atPriority(2).withHeader("Range", matching("bytes=0-[0-9]+"))
                .willReturn(aResponse().withStatus(200).withHeader("ETag", ETAG).withBody(BODY)
                        .withTransformers(WrongRanges.NAME)
                        .withTransformerParameter(WrongRanges.MODE, "multipart-with-content-range")));

        var result = download();

        assertTrue(assertExactOrCleanFailure(result), "got " + result);
        assertEquals(1, plainGets(), "the probe's answer is not used: one plain GET instead");
    }

    @Test
    void rangeOfAnotherVersionFromAServerThatIgnoresIfRangeIsNeverStitchedIn() {
        // Right offsets, right size, but a new version's bytes and ETag: If-Range was ignored.
        laterRangesWrong("ignore-if-range", Content.generated(SIZE, 999).readAll(), "\"v-2\"");

        var result = download();

        assertTrue(assertExactOrCleanFailure(result), "got " + result);
        var ranged = wm.findAll(getRequestedFor(urlPathEqualTo(PATH)).withHeader("Range", matching(LATER_RANGE)));
        assertFalse(ranged.isEmpty());
        ranged.forEach(r -> assertEquals(ETAG, r.getHeader("If-Range"), "range request without If-Range"));
        assertEquals(1, events.events(DownloadEvent.SingleStreamFallback.class).size());
    }

    /**
     * Right offsets and size, another version's bytes, and no ETag at all: a server that ignores
     * If-Range and dropped its ETags, or a range redirected to other bytes. Its Last-Modified, if any,
     * is another one than the probe's. The probe's ETag is missing, so nothing shows the bytes are its version.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no validator at all                     | ''
            another Last-Modified instead of the ETag | Tue, 02 Jan 2024 00:00:00 GMT
            """)
    void rangeOfAnotherVersionWithoutTheProbesEtagIsNeverStitchedIn(String behaviour, String lastModified) {
        var other = aResponse().withStatus(200).withBody(Content.generated(SIZE, 999).readAll())
                .withTransformers(WrongRanges.NAME).withTransformerParameter(WrongRanges.MODE, "ignore-if-range");
        if (!lastModified.isEmpty()) {
            other = other.withHeader("Last-Modified", lastModified);
        }
        wm.stubFor(get(urlPathEqualTo(PATH)).atPriority(1).withHeader("Range", matching(LATER_RANGE)).willReturn(other));

        var result = download();

        assertTrue(assertExactOrCleanFailure(result), "got " + result);
        assertEquals(1, events.events(DownloadEvent.SingleStreamFallback.class).size());
    }

    @Test
    void aServerWithOnlyAWeakEtagStillCannotStitchAnotherVersionIn() {
        // The probe's only validator is weak (no If-Range can carry it); the later ranges come from another version.
        wm.stubFor(get(urlPathEqualTo(PATH)).atPriority(2).withHeader("Range", matching("bytes=0-[0-9]*"))
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "W/\"v-1\"").withBody(BODY)
                        .withTransformers(RangeResponses.NAME)));
        laterRangesAnswer(aResponse().withStatus(200).withHeader("ETag", "W/\"v-2\"")
                .withBody(Content.generated(SIZE, 999).readAll()).withTransformers(RangeResponses.NAME));

        var result = download();

        assertTrue(assertExactOrCleanFailure(result), "got " + result);
        assertEquals(1, events.events(DownloadEvent.SingleStreamFallback.class).size());
    }

    @Test
    void compressedRangeIsNotWritten() {
        laterRangesAnswer(honest().withTransformers(RangeResponses.NAME).withHeader("Content-Encoding", "gzip"));

        var result = download();

        assertExactOrCleanFailure(result);
    }
}
