package io.loomget.server;

import static io.loomget.server.RangeServerTest.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.testsupport.RangeServerExtension;
import io.loomget.testsupport.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** One behaviour per test, each observed through a real HTTP/1.1 client. */
@ExtendWith(RangeServerExtension.class)
@Timeout(30)
class FaultInjectionTest {

    private static final String PATH = "/f.bin";
    private static final long SIZE = 200_000;
    private static final Content CONTENT = Content.generated(SIZE, 7);

    private RangeServer server;
    private TestHttp http;

    @BeforeEach
    void start(RangeServer server) {
        this.server = server.add(PATH, CONTENT);
        http = new TestHttp();
    }

    @AfterEach
    void stop() {
        http.close();
    }

    private void behave(Behaviour.Builder behaviour) {
        server.behave(PATH, behaviour.build());
    }

    @Test
    void noRangesIgnoresRangeAndDoesNotAdvertise() throws Exception {
        behave(Behaviour.builder().noRanges());

        var head = http.head(server.uri(PATH));
        var ranged = http.get(server.uri(PATH), "Range", "bytes=100-199");

        assertTrue(head.headers().firstValue("Accept-Ranges").isEmpty());
        assertEquals(String.valueOf(SIZE), header(head, "Content-Length"));
        assertEquals(200, ranged.statusCode());
        assertTrue(ranged.headers().firstValue("Content-Range").isEmpty());
        assertEquals(CONTENT.sha256Hex(), Sha256.of(ranged.body()));
    }

    @Test
    void rangeAnsweredWith200AdvertisesButServesEverything() throws Exception {
        behave(Behaviour.builder().rangeAnsweredWith200());

        var head = http.head(server.uri(PATH));
        var ranged = http.get(server.uri(PATH), "Range", "bytes=100-199");

        assertEquals("bytes", header(head, "Accept-Ranges"));
        assertEquals(200, ranged.statusCode());
        assertEquals(SIZE, ranged.body().length);
        assertEquals(CONTENT.sha256Hex(), Sha256.of(ranged.body()));
    }

    @Test
    void shiftedRangeServesAndLabelsTheWrongBytes() throws Exception {
        behave(Behaviour.builder().shiftedRange(100));

        var response = http.get(server.uri(PATH), "Range", "bytes=1000-1999");

        assertEquals(206, response.statusCode());
        assertEquals("bytes 1100-2099/" + SIZE, header(response, "Content-Range"));
        assertArrayEquals(CONTENT.read(1100, 1000), response.body());
    }

    @Test
    void contentDispositionIsSent() throws Exception {
        behave(Behaviour.builder().contentDisposition("attachment; filename=\"report.pdf\""));

        var response = http.head(server.uri(PATH));

        assertEquals("attachment; filename=\"report.pdf\"", header(response, "Content-Disposition"));
    }

    @Test
    void noContentLengthSendsChunked() throws Exception {
        behave(Behaviour.builder().noContentLength());

        var head = http.head(server.uri(PATH));
        var response = http.get(server.uri(PATH));

        assertTrue(head.headers().firstValue("Content-Length").isEmpty());
        assertTrue(head.headers().firstValue("Accept-Ranges").isEmpty());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Length").isEmpty());
        assertEquals("chunked", header(response, "Transfer-Encoding"));
        assertEquals(CONTENT.sha256Hex(), Sha256.of(response.body()));
    }

    @Test
    void gzipEncodesTheWholeBodyAndIgnoresRanges() throws Exception {
        behave(Behaviour.builder().gzip());

        var response = http.get(server.uri(PATH), "Range", "bytes=0-99");

        assertEquals(200, response.statusCode());
        assertEquals("gzip", header(response, "Content-Encoding"));
        assertTrue(response.headers().firstValue("Accept-Ranges").isEmpty());
        try (var gunzip = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            assertEquals(CONTENT.sha256Hex(), Sha256.of(gunzip.readAllBytes()));
        }
    }

    @Test
    void failFirstAnswersAnErrorThenRecovers() throws Exception {
        behave(Behaviour.builder().failFirst(2, 503).retryAfter("1"));

        var first = http.get(server.uri(PATH));
        var second = http.get(server.uri(PATH));
        var third = http.get(server.uri(PATH));

        assertEquals(503, first.statusCode());
        assertEquals("1", header(first, "Retry-After"));
        assertEquals(503, second.statusCode());
        assertEquals(200, third.statusCode());
        assertEquals(CONTENT.sha256Hex(), Sha256.of(third.body()));
        assertEquals(List.of(503, 503, 200), server.requests().stream().map(RecordedRequest::status).toList());
    }

    @Test
    void statusIsAlwaysAnswered() throws Exception {
        behave(Behaviour.builder().status(403));

        assertEquals(403, http.get(server.uri(PATH)).statusCode());
        assertEquals(403, http.get(server.uri(PATH), "Range", "bytes=0-9").statusCode());
        assertEquals(403, http.head(server.uri(PATH)).statusCode());
    }

    @Test
    void status404HidesExistingContent() throws Exception {
        behave(Behaviour.builder().status(404));

        assertEquals(404, http.get(server.uri(PATH)).statusCode());
    }

    @Test
    void truncateAfterCutsEveryBody() throws Exception {
        behave(Behaviour.builder().truncateAfter(5000));

        for (int i = 0; i < 2; i++) {
            var wire = RawHttp.get(server.port(), PATH);
            assertEquals(200, wire.status());
            assertEquals(String.valueOf(SIZE), wire.headers().get("Content-Length"));
            assertArrayEquals(CONTENT.read(0, 5000), wire.body());
            assertFalse(wire.complete());
        }
        assertEquals(10_000, server.bytesSent(PATH));
        assertEquals(List.of(5000L, 5000L), server.requests().stream().map(RecordedRequest::bodyBytesSent).toList());
    }

    @Test
    void truncatedBodyFailsInAnHttpClient() throws Exception {
        behave(Behaviour.builder().truncateAfter(5000));

        var drained = TestHttp.drain(http.open(server.uri(PATH)).body(), new byte[(int) SIZE]);

        // java.net.http may drop its last buffers when the connection breaks, so only "at most".
        assertTrue(drained.bytes() <= 5000, () -> drained.bytes() + " bytes");
        assertNotNull(drained.failure(), "a cut body must not look complete");
    }

    @Test
    void truncateAfterCutsRangedBodiesToo() throws Exception {
        behave(Behaviour.builder().truncateAfter(100));

        var wire = RawHttp.get(server.port(), PATH, "Range", "bytes=1000-1999");

        assertEquals(206, wire.status());
        assertEquals("1000", wire.headers().get("Content-Length"));
        assertArrayEquals(CONTENT.read(1000, 100), wire.body());
        assertFalse(wire.complete());
    }

    @Test
    void truncatedChunkedBodyIsNotTerminated() throws Exception {
        behave(Behaviour.builder().noContentLength().truncateAfter(5000));

        var wire = RawHttp.get(server.port(), PATH);

        assertEquals(200, wire.status());
        assertArrayEquals(CONTENT.read(0, 5000), wire.body());
        assertFalse(wire.complete(), "no terminating chunk may be sent");
    }

    @Test
    void truncateFirstOnlyCutsTheFirstBodies() throws Exception {
        behave(Behaviour.builder().truncateFirst(1, 1000));

        var cut = RawHttp.get(server.port(), PATH);
        var whole = http.get(server.uri(PATH));

        assertEquals(1000, cut.body().length);
        assertFalse(cut.complete());
        assertEquals(CONTENT.sha256Hex(), Sha256.of(whole.body()));
    }

    @Test
    void truncateFirstIgnoresHead() throws Exception {
        behave(Behaviour.builder().truncateFirst(1, 1000));

        http.head(server.uri(PATH));
        var cut = RawHttp.get(server.port(), PATH);

        assertEquals(1000, cut.body().length);
        assertFalse(cut.complete());
    }

    @Test
    void stallAfterHoldsTheConnectionUntilClose() throws Exception {
        behave(Behaviour.builder().stallAfter(4096));

        var response = http.open(server.uri(PATH));
        var in = response.body();
        assertArrayEquals(CONTENT.read(0, 4096), in.readNBytes(4096));

        assertEquals(1, server.inFlight());
        assertEquals(4096, server.bytesSent(PATH));
        assertTimeoutPreemptively(Duration.ofSeconds(5), server::close);
        assertThrows(IOException.class, in::readAllBytes);
        assertEquals(0, server.inFlight());
        assertEquals(4096, server.requests().getFirst().bodyBytesSent());
    }

    @Test
    @Tag("timing") // the time taken is the behaviour
    void rateThrottlesTheBody() throws Exception {
        long rate = 256 * 1024;
        behave(Behaviour.builder().rate(rate));
        long start = System.nanoTime();

        var response = http.get(server.uri(PATH));

        long elapsed = System.nanoTime() - start;
        assertEquals(CONTENT.sha256Hex(), Sha256.of(response.body()));
        // The first slice (rate/50) goes out at once, the rest is paced.
        long floor = (long) ((SIZE - rate / 50) * 1e9 / rate);
        assertTrue(elapsed >= floor, () -> "took " + elapsed / 1_000_000 + " ms");
    }

    @Test
    @Tag("timing") // the time taken is the behaviour
    void slowWhenRangeStartsAtPacesTheStraggler() throws Exception {
        long rate = 64 * 1024;
        behave(Behaviour.builder().slowWhenRangeStartsAt(100_000, rate));
        var other = http.get(server.uri(PATH), "Range", "bytes=0-32767");
        long start = System.nanoTime();

        var straggler = http.get(server.uri(PATH), "Range", "bytes=100000-132767");

        long elapsed = System.nanoTime() - start;
        assertArrayEquals(CONTENT.read(0, 32768), other.body());
        assertArrayEquals(CONTENT.read(100_000, 32768), straggler.body());
        // That other ranges are not paced is a planning decision, checked in ReplyPlannerTest
        // without a clock.
        assertTrue(elapsed >= (long) ((32768 - rate / 50) * 1e9 / rate), () -> "took " + elapsed / 1_000_000 + " ms");
    }

    @Test
    @Tag("timing") // the time taken is the behaviour
    void slowAtOffsetZeroIncludesWholeBodyAnswers() throws Exception {
        long rate = 256 * 1024;
        behave(Behaviour.builder().slowWhenRangeStartsAt(0, rate));
        long start = System.nanoTime();

        http.get(server.uri(PATH));

        assertTrue(System.nanoTime() - start >= (long) ((SIZE - rate / 50) * 1e9 / rate));
    }

    @Test
    void changeAfterRequestsReplacesTheContentAndValidators() throws Exception {
        var replacement = Content.generated(SIZE, 8);
        behave(Behaviour.builder().changeAfterRequests(1, replacement));

        var before = http.get(server.uri(PATH));
        String oldEtag = header(before, "ETag");
        var after = http.get(server.uri(PATH));
        var resumed = http.get(server.uri(PATH), "Range", "bytes=100-199", "If-Range", oldEtag);

        assertEquals(CONTENT.sha256Hex(), Sha256.of(before.body()));
        assertEquals(replacement.sha256Hex(), Sha256.of(after.body()));
        assertNotEquals(oldEtag, header(after, "ETag"));
        var oldDate = HttpDates.parse(header(before, "Last-Modified")).orElseThrow();
        var newDate = HttpDates.parse(header(after, "Last-Modified")).orElseThrow();
        assertTrue(newDate.isAfter(oldDate));
        assertEquals(200, resumed.statusCode(), "If-Range with the old tag must not splice versions");
        assertEquals(replacement.sha256Hex(), Sha256.of(resumed.body()));
        assertEquals(replacement, server.content(PATH).orElseThrow());
    }

    @Test
    void redirectToSendsARelativeLocation() throws Exception {
        server.add("/target.bin", Content.bytes(new byte[] {1, 2, 3}));
        behave(Behaviour.builder().redirectTo("/target.bin"));

        var response = http.get(server.uri(PATH));

        assertEquals(302, response.statusCode());
        assertEquals("/target.bin", header(response, "Location"));
    }

    @Test
    void redirectIsFollowedByAClient() throws Exception {
        server.add("/target.bin", Content.bytes(new byte[] {1, 2, 3}));
        behave(Behaviour.builder().redirectTo(server.uri("/target.bin").toString(), 307));
        try (var following = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build()) {

            var response = following.send(HttpRequest.newBuilder(server.uri(PATH)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertEquals(200, response.statusCode());
            assertArrayEquals(new byte[] {1, 2, 3}, response.body());
            assertEquals(List.of(307, 200), server.requests().stream().map(RecordedRequest::status).toList());
        }
    }

    @Test
    @Tag("timing") // the time taken is the behaviour
    void behaviourLatencyDelaysOnlyItsPath() throws Exception {
        behave(Behaviour.builder().latency(Duration.ofMillis(200)));
        long start = System.nanoTime();

        http.head(server.uri(PATH));

        assertTrue(System.nanoTime() - start >= Duration.ofMillis(200).toNanos());
    }

    @Test
    void behavingAgainRestartsTheCounters() throws Exception {
        var failOnce = Behaviour.builder().failFirst(1, 500).build();
        server.behave(PATH, failOnce);
        assertEquals(500, http.get(server.uri(PATH)).statusCode());
        assertEquals(200, http.get(server.uri(PATH)).statusCode());

        server.behave(PATH, failOnce);

        assertEquals(500, http.get(server.uri(PATH)).statusCode());
    }

    @Test
    void behaviourWithoutContentStillApplies() throws Exception {
        server.behave("/only-errors", Behaviour.builder().status(503).retryAfter("120").build());

        var response = http.get(server.uri("/only-errors"));

        assertEquals(503, response.statusCode());
        assertEquals("120", header(response, "Retry-After"));
    }
}
