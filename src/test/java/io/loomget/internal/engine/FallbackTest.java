package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.FileResult;
import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RecordedRequest;
import io.loomget.testsupport.Dirs;
import io.loomget.testsupport.OneFileServed;
import io.loomget.testsupport.RangeRequests;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.Span;
import io.loomget.testsupport.TestSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Servers that will not split a file: every one of them still yields the right bytes, fetched as one
 * stream, and no byte a server labelled wrongly ever lands in the file.
 */
@Timeout(60)
class FallbackTest extends OneFileServed {

    FallbackTest() {
        super("/file.bin", Content.generated(400_001, 99));
    }

    /** A server without Range support, or one that answers every range with 200: the probe's body is the download. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "server without range support is read as one stream from the probe, false",
        "range requests answered 200 are read as one stream,                true"})
    void serverThatWillNotSplitIsReadAsOneStreamFromTheProbe(String behaviour, boolean advertisesRanges) throws Exception {
        var builder = Behaviour.builder();
        server.behave(path, (advertisesRanges ? builder.rangeAnsweredWith200() : builder.noRanges()).build());

        var downloaded = download();

        assertEquals(content.sha256Hex(), Sha256.of(downloaded.path()));
        assertEquals(1, downloaded.connections());
        assertEquals(List.of(200), statuses(), "the probe's body was the whole download");
    }

    @Test
    void shiftedContentRangeIsDistrustedAndTheFileIsFetchedWhole() throws Exception {
        server.behave(path, Behaviour.builder().shiftedRange(100).build());

        var downloaded = download();

        assertEquals(content.sha256Hex(), Sha256.of(downloaded.path()), "no shifted byte was written");
        var requests = finished();
        assertEquals(2, requests.size(), "the probe, then one plain GET");
        assertTrue(requests.get(0).rangeHeader().startsWith("bytes=0-"), requests.toString());
        assertNull(requests.get(1).rangeHeader());
        assertEquals(200, requests.get(1).status());
    }

    @Test
    void gzipRepresentationIsStoredAsSentInOneStream() throws Exception {
        server.behave(path, Behaviour.builder().gzip().build());

        var downloaded = download();

        byte[] stored = Files.readAllBytes(downloaded.path());
        assertArrayEquals(new byte[] {(byte) 0x1f, (byte) 0x8b}, java.util.Arrays.copyOf(stored, 2), "gzip magic");
        assertEquals(content.sha256Hex(), gunzippedSha256(downloaded.path()));
        assertEquals(stored.length, downloaded.bytes());
        assertEquals(List.of(200), statuses(), "a compressed representation is never split");
    }

    @Test
    void chunkedBodyWithoutContentLengthIsReadToItsEnd() throws Exception {
        server.behave(path, Behaviour.builder().noRanges().noContentLength().build());

        var downloaded = download();

        assertEquals(size, downloaded.bytes());
        assertEquals(content.sha256Hex(), Sha256.of(downloaded.path()));
        assertEquals(List.of(200), statuses());
    }

    @Test
    void serverThatOnlyHidesItsRangeSupportIsStillSplit() throws Exception {
        // No Content-Length and no Accept-Ranges on 200s, but a ranged GET is answered 206 all the same.
        server.behave(path, Behaviour.builder().noContentLength().build());

        var downloaded = download();

        assertEquals(content.sha256Hex(), Sha256.of(downloaded.path()));
        var requests = finished();
        assertTrue(requests.size() > 1, "split: " + requests);
        assertTrue(requests.stream().allMatch(r -> r.status() == 206), requests.toString());
        RangeRequests.assertTiling(requests.stream().map(r -> Span.ofRangeHeader(r.rangeHeader()).orElseThrow()).toList(), size);
    }

    @Test
    void aPlainStreamWhoseRetryBringsALongerVersionEndsAsThatWholeVersion() throws Exception {
        // No ranges; the first answer is cut halfway, and the retry's answer is of a new, longer version.
        var longer = Content.generated(size + 1000, 7);
        server.behave(path, Behaviour.builder().noRanges().truncateFirst(1, size / 2).changeAfterRequests(1, longer).build());

        var downloaded = download();

        assertEquals(longer.sha256Hex(), Sha256.of(downloaded.path()), "the new version, not cut at the first one's size");
        assertEquals(List.of("file.bin"), Dirs.names(dir));
    }

    @Test
    void fallbackLeavesOnlyTheFinalFile() throws Exception {
        server.behave(path, Behaviour.builder().shiftedRange(-100).build());

        var downloaded = download();

        assertEquals(content.sha256Hex(), Sha256.of(downloaded.path()));
        assertEquals(List.of("file.bin"), Dirs.names(dir));
    }

    private FileResult.Downloaded download() {
        return assertInstanceOf(FileResult.Downloaded.class, download(TestSettings.into(dir).connectionsPerFile(4).minSplitSize(1000)));
    }

    private List<RecordedRequest> finished() throws InterruptedException {
        assertTrue(server.awaitIdle(Duration.ofSeconds(5)), "server went idle");
        return server.requests();
    }


    private static String gunzippedSha256(Path file) throws IOException {
        try (var in = new GZIPInputStream(Files.newInputStream(file))) {
            return Sha256.of(in);
        }
    }
}
