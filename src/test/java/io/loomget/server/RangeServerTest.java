package io.loomget.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.testsupport.RangeServerExtension;
import io.loomget.testsupport.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RangeServerExtension.class)
@Timeout(30)
class RangeServerTest {

    private static final long SIZE = 300_000;
    private static final Content CONTENT = Content.generated(SIZE, 42);

    private RangeServer server;
    private TestHttp http;

    @BeforeEach
    void start(RangeServer server) {
        this.server = server.add("/files/a.bin", CONTENT);
        http = new TestHttp();
    }

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void fullGetServesTheWholeContent() throws Exception {
        var response = http.get(server.uri("/files/a.bin"));

        assertEquals(200, response.statusCode());
        assertEquals(CONTENT.sha256Hex(), Sha256.of(response.body()));
        assertEquals(String.valueOf(SIZE), header(response, "Content-Length"));
        assertEquals("bytes", header(response, "Accept-Ranges"));
        assertEquals("application/octet-stream", header(response, "Content-Type"));
        assertTrue(header(response, "ETag").matches("\"[^\"]+\""), "strong quoted ETag");
        assertTrue(HttpDates.parse(header(response, "Last-Modified")).isPresent());
    }

    @Test
    void rangeGets206WithContentRange() throws Exception {
        var response = http.get(server.uri("/files/a.bin"), "Range", "bytes=1000-1999");

        assertEquals(206, response.statusCode());
        assertEquals("bytes 1000-1999/" + SIZE, header(response, "Content-Range"));
        assertEquals("1000", header(response, "Content-Length"));
        assertArrayEquals(CONTENT.read(1000, 1000), response.body());
    }

    @Test
    void openEndedRangeRunsToTheEnd() throws Exception {
        var response = http.get(server.uri("/files/a.bin"), "Range", "bytes=299000-");

        assertEquals(206, response.statusCode());
        assertEquals("bytes 299000-299999/" + SIZE, header(response, "Content-Range"));
        assertArrayEquals(CONTENT.read(299_000, 1000), response.body());
    }

    @Test
    void suffixRangeServesTheLastBytes() throws Exception {
        var response = http.get(server.uri("/files/a.bin"), "Range", "bytes=-500");

        assertEquals(206, response.statusCode());
        assertEquals("bytes 299500-299999/" + SIZE, header(response, "Content-Range"));
        assertArrayEquals(CONTENT.read(SIZE - 500, 500), response.body());
    }

    @Test
    void rangePastTheEndIsClamped() throws Exception {
        var response = http.get(server.uri("/files/a.bin"), "Range", "bytes=299990-999999");

        assertEquals(206, response.statusCode());
        assertEquals("bytes 299990-299999/" + SIZE, header(response, "Content-Range"));
        assertArrayEquals(CONTENT.read(299_990, 10), response.body());
    }

    @Test
    void unsatisfiableRangeGets416() throws Exception {
        var response = http.get(server.uri("/files/a.bin"), "Range", "bytes=" + SIZE + "-");

        assertEquals(416, response.statusCode());
        assertEquals("bytes */" + SIZE, header(response, "Content-Range"));
    }

    @Test
    void multipleRangesGetTheWholeBody() throws Exception {
        var response = http.get(server.uri("/files/a.bin"), "Range", "bytes=0-9,20-29");

        assertEquals(200, response.statusCode());
        assertEquals(CONTENT.sha256Hex(), Sha256.of(response.body()));
    }

    @Test
    void headHasContentLengthAndNoBody() throws Exception {
        var response = http.head(server.uri("/files/a.bin"));

        assertEquals(200, response.statusCode());
        assertEquals(String.valueOf(SIZE), header(response, "Content-Length"));
        assertEquals("bytes", header(response, "Accept-Ranges"));
        assertEquals(0, response.body().length);
        assertEquals(new RecordedRequest("HEAD", "/files/a.bin", null, null, 200, 0), server.requests().getFirst());
    }

    @Test
    void ifRangeWithTheCurrentEtagGets206() throws Exception {
        String etag = header(http.head(server.uri("/files/a.bin")), "ETag");

        var response = http.get(server.uri("/files/a.bin"), "Range", "bytes=10-19", "If-Range", etag);

        assertEquals(206, response.statusCode());
        assertArrayEquals(CONTENT.read(10, 10), response.body());
    }

    @Test
    void ifRangeWithAnotherEtagGetsTheWholeBody() throws Exception {
        var response = http.get(server.uri("/files/a.bin"), "Range", "bytes=10-19", "If-Range", "\"stale\"");

        assertEquals(200, response.statusCode());
        assertEquals(CONTENT.sha256Hex(), Sha256.of(response.body()));
    }

    @Test
    void ifRangeWithAWeakEtagNeverMatches() throws Exception {
        String etag = header(http.head(server.uri("/files/a.bin")), "ETag");

        var response = http.get(server.uri("/files/a.bin"), "Range", "bytes=10-19", "If-Range", "W/" + etag);

        assertEquals(200, response.statusCode());
    }

    @Test
    void ifRangeWithTheLastModifiedDateGets206() throws Exception {
        String date = header(http.head(server.uri("/files/a.bin")), "Last-Modified");

        var response = http.get(server.uri("/files/a.bin"), "Range", "bytes=10-19", "If-Range", date);

        assertEquals(206, response.statusCode());
    }

    @Test
    void ifRangeWithAnotherDateGetsTheWholeBody() throws Exception {
        var response = http.get(server.uri("/files/a.bin"), "Range", "bytes=10-19",
                "If-Range", "Thu, 01 Jan 1970 00:00:00 GMT");

        assertEquals(200, response.statusCode());
        assertEquals(SIZE, response.body().length);
    }

    @Test
    void unknownPathGets404() throws Exception {
        assertEquals(404, http.get(server.uri("/nope")).statusCode());
        assertEquals(404, http.head(server.uri("/nope")).statusCode());
    }

    @Test
    void otherMethodsGet405() throws Exception {
        var response = http.send("DELETE", server.uri("/files/a.bin"), HttpResponse.BodyHandlers.ofString());

        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", header(response, "Allow"));
    }

    @Test
    void byteContentIsServedWithAGuessedType() throws Exception {
        server.add("/b.txt", Content.bytes("hello, range\n".getBytes(StandardCharsets.UTF_8)));

        var response = http.get(server.uri("/b.txt"));

        assertEquals("hello, range\n", new String(response.body(), StandardCharsets.UTF_8));
        assertEquals("text/plain", header(response, "Content-Type"));
    }

    @Test
    void emptyContentHasLengthZero() throws Exception {
        server.add("/empty", Content.bytes(new byte[0]));

        var response = http.get(server.uri("/empty"));

        assertEquals(200, response.statusCode());
        assertEquals("0", header(response, "Content-Length"));
        assertEquals(416, http.get(server.uri("/empty"), "Range", "bytes=0-").statusCode());
    }

    @Test
    void pathsArePercentEncodedInUris() throws Exception {
        server.add("/dir/a b.bin", Content.bytes(new byte[] {1, 2, 3}));

        var uri = server.uri("/dir/a b.bin");

        assertEquals("/dir/a%20b.bin", uri.getRawPath());
        assertArrayEquals(new byte[] {1, 2, 3}, http.get(uri).body());
    }

    @Test
    void replacingContentChangesTheEtag() throws Exception {
        String before = header(http.head(server.uri("/files/a.bin")), "ETag");

        server.add("/files/a.bin", Content.generated(10, 1));

        var after = http.head(server.uri("/files/a.bin"));
        assertFalse(before.equals(header(after, "ETag")));
        assertEquals("10", header(after, "Content-Length"));
    }

    @Test
    void removedPathGets404() throws Exception {
        server.remove("/files/a.bin");

        assertEquals(404, http.get(server.uri("/files/a.bin")).statusCode());
    }

    @Test
    void requestsAreRecordedInArrivalOrder() throws Exception {
        http.get(server.uri("/files/a.bin"), "Range", "bytes=0-99");
        http.head(server.uri("/files/a.bin"));
        http.get(server.uri("/missing"));

        var recorded = server.requests();

        assertEquals(3, recorded.size());
        assertEquals(new RecordedRequest("GET", "/files/a.bin", "bytes=0-99", null, 206, 100), recorded.get(0));
        assertEquals(new RecordedRequest("HEAD", "/files/a.bin", null, null, 200, 0), recorded.get(1));
        assertEquals("/missing", recorded.get(2).path());
        assertEquals(404, recorded.get(2).status());
        assertEquals(2, server.requestCount("/files/a.bin"));
        assertEquals(100, server.bytesSent("/files/a.bin"));
    }

    @Test
    void resetStatsStartsOver() throws Exception {
        http.get(server.uri("/files/a.bin"));

        server.resetStats();

        assertEquals(List.of(), server.requests());
        assertEquals(0, server.requestCount("/files/a.bin"));
        assertEquals(0, server.bytesSent("/files/a.bin"));
        assertEquals(0, server.maxConcurrentRequests());
    }

    @Test
    void sequentialRequestsNeverOverlap() throws Exception {
        for (int i = 0; i < 3; i++) {
            http.get(server.uri("/files/a.bin"));
        }

        assertEquals(1, server.maxConcurrentRequests());
        assertEquals(0, server.inFlight());
    }

    @Test
    void maxConcurrentRequestsCountsOverlappingExchanges() throws Exception {
        // Stalled responses stay in flight until close, so all three overlap for sure.
        server.behave("/files/a.bin", Behaviour.builder().stallAfter(1).build());
        var pending = new ArrayList<CompletableFuture<HttpResponse<InputStream>>>();
        for (int i = 0; i < 3; i++) {
            pending.add(http.client().sendAsync(TestHttp.request("GET", server.uri("/files/a.bin")),
                    HttpResponse.BodyHandlers.ofInputStream()));
        }
        for (var response : pending) {
            assertEquals(200, response.join().statusCode());
        }

        assertEquals(3, server.inFlight());
        assertEquals(3, server.maxConcurrentRequests());
    }

    @Test
    @Tag("timing") // the time taken is the behaviour
    void latencyDelaysTheResponseHeaders() throws Exception {
        try (var slow = RangeServer.builder().latency(Duration.ofMillis(200)).build().start()) {
            slow.add("/a", Content.bytes(new byte[] {7}));
            long start = System.nanoTime();

            var response = http.get(slow.uri("/a"));

            assertEquals(200, response.statusCode());
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(200).toNanos());
        }
    }

    @Test
    void clientLeavingMidBodyIsCountedQuietly() throws Exception {
        var jdkLog = Logger.getLogger("com.sun.net.httpserver");
        var logged = new ArrayList<LogRecord>();
        Handler capture = new Handler() {
            @Override
            public synchronized void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jdkLog.addHandler(capture);
        try {
            long size = 64L << 20; // far more than the socket buffers hold
            server.add("/big.bin", Content.generated(size, 3));
            var response = http.open(server.uri("/big.bin"));
            try (InputStream in = response.body()) {
                assertEquals(1 << 20, in.readNBytes(1 << 20).length);
            }

            assertTrue(server.awaitIdle(Duration.ofSeconds(20)));
            var recorded = server.requests().getFirst();
            assertEquals(200, recorded.status());
            assertTrue(recorded.bodyBytesSent() >= 1 << 20 && recorded.bodyBytesSent() < size, recorded::toString);
            assertEquals(recorded.bodyBytesSent(), server.bytesSent("/big.bin"));
        } finally {
            jdkLog.removeHandler(capture);
        }
        synchronized (capture) {
            assertEquals(List.of(), logged.stream().map(LogRecord::getMessage).toList());
        }
    }

    @Test
    void largeGeneratedContentIsServedPiecewise() throws Exception {
        var huge = Content.generated(1L << 40, 5); // 1 TiB: it can only work if never materialised
        server.add("/huge.bin", huge);

        var head = http.head(server.uri("/huge.bin"));
        var tail = http.get(server.uri("/huge.bin"), "Range", "bytes=-4096");

        assertEquals(String.valueOf(1L << 40), header(head, "Content-Length"));
        assertArrayEquals(huge.read((1L << 40) - 4096, 4096), tail.body());
    }

    @Test
    void closeFreesThePort() throws Exception {
        int port = server.port();

        server.close();

        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            assertEquals(port, socket.getLocalPort());
        }
    }

    @Test
    void lifecycleIsOneWay() {
        var fresh = RangeServer.builder().build();
        assertThrows(IllegalStateException.class, fresh::port);
        fresh.start();
        assertThrows(IllegalStateException.class, fresh::start);
        fresh.close();
        fresh.close(); // idempotent
        assertThrows(IllegalStateException.class, fresh::port);
    }

    @Test
    void uriPointsAtLoopback() {
        var uri = server.uri("files/a.bin");

        assertEquals("http://127.0.0.1:" + server.port() + "/files/a.bin", uri.toString());
    }

    static String header(HttpResponse<?> response, String name) {
        var value = response.headers().firstValue(name);
        assertTrue(value.isPresent(), () -> "missing header " + name + " in " + response.headers().map());
        assertNotNull(value.get());
        return value.get();
    }
}
