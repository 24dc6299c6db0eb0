package io.loomget.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What the server records of its traffic: requests in order, bytes sent, requests in flight, a client that left. */
class TrafficRecordTest extends AgainstRangeServer {

    TrafficRecordTest() {
        super("/files/a.bin", 300_000, 42);
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
}
