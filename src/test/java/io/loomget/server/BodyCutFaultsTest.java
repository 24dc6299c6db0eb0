package io.loomget.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.testsupport.Sha256;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fault hooks that cut or hold a body: every client sees an incomplete body, never a complete-looking one. */
class BodyCutFaultsTest extends AgainstRangeServer {

    BodyCutFaultsTest() {
        super("/f.bin", 200_000, 7);
    }

    @Test
    void truncateAfterCutsEveryBody() throws Exception {
        behave(Behaviour.builder().truncateAfter(5000));

        for (int i = 0; i < 2; i++) {
            var wire = RawHttp.get(server.port(), path);
            assertEquals(200, wire.status());
            assertEquals(String.valueOf(size), wire.headers().get("Content-Length"));
            assertArrayEquals(content.read(0, 5000), wire.body());
            assertFalse(wire.complete());
        }
        assertEquals(10_000, server.bytesSent(path));
        assertEquals(List.of(5000L, 5000L), server.requests().stream().map(RecordedRequest::bodyBytesSent).toList());
    }

    @Test
    void truncatedBodyFailsInAnHttpClient() throws Exception {
        behave(Behaviour.builder().truncateAfter(5000));

        var drained = TestHttp.drain(http.open(server.uri(path)).body(), new byte[(int) size]);

        // java.net.http may drop its last buffers when the connection breaks, so only "at most".
        assertTrue(drained.bytes() <= 5000, () -> drained.bytes() + " bytes");
        assertNotNull(drained.failure(), "a cut body must not look complete");
    }

    @Test
    void truncateAfterCutsRangedBodiesToo() throws Exception {
        behave(Behaviour.builder().truncateAfter(100));

        var wire = RawHttp.get(server.port(), path, "Range", "bytes=1000-1999");

        assertEquals(206, wire.status());
        assertEquals("1000", wire.headers().get("Content-Length"));
        assertArrayEquals(content.read(1000, 100), wire.body());
        assertFalse(wire.complete());
    }

    @Test
    void truncatedChunkedBodyIsNotTerminated() throws Exception {
        behave(Behaviour.builder().noContentLength().truncateAfter(5000));

        var wire = RawHttp.get(server.port(), path);

        assertEquals(200, wire.status());
        assertArrayEquals(content.read(0, 5000), wire.body());
        assertFalse(wire.complete(), "no terminating chunk may be sent");
    }

    @Test
    void truncateFirstOnlyCutsTheFirstBodies() throws Exception {
        behave(Behaviour.builder().truncateFirst(1, 1000));

        var cut = RawHttp.get(server.port(), path);
        var whole = http.get(server.uri(path));

        assertEquals(1000, cut.body().length);
        assertFalse(cut.complete());
        assertEquals(content.sha256Hex(), Sha256.of(whole.body()));
    }

    @Test
    void truncateFirstIgnoresHead() throws Exception {
        behave(Behaviour.builder().truncateFirst(1, 1000));

        http.head(server.uri(path));
        var cut = RawHttp.get(server.port(), path);

        assertEquals(1000, cut.body().length);
        assertFalse(cut.complete());
    }

    @Test
    void stallAfterHoldsTheConnectionUntilClose() throws Exception {
        behave(Behaviour.builder().stallAfter(4096));

        var response = http.open(server.uri(path));
        var in = response.body();
        assertArrayEquals(content.read(0, 4096), in.readNBytes(4096));

        assertEquals(1, server.inFlight());
        assertEquals(4096, server.bytesSent(path));
        assertTimeoutPreemptively(Duration.ofSeconds(5), server::close);
        assertThrows(IOException.class, in::readAllBytes);
        assertEquals(0, server.inFlight());
        assertEquals(4096, server.requests().getFirst().bodyBytesSent());
    }
}
