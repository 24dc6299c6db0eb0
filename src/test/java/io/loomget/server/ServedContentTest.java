package io.loomget.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.testsupport.Sha256;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the server serves for a path: the content with its validators, HEAD, 404 and 405, content added, replaced and removed. */
class ServedContentTest extends AgainstRangeServer {

    ServedContentTest() {
        super("/files/a.bin", 300_000, 42);
    }

    @Test
    void fullGetServesTheWholeContent() throws Exception {
        var response = http.get(server.uri("/files/a.bin"));

        assertEquals(200, response.statusCode());
        assertEquals(content.sha256Hex(), Sha256.of(response.body()));
        assertEquals(String.valueOf(size), header(response, "Content-Length"));
        assertEquals("bytes", header(response, "Accept-Ranges"));
        assertEquals("application/octet-stream", header(response, "Content-Type"));
        assertTrue(header(response, "ETag").matches("\"[^\"]+\""), "strong quoted ETag");
        assertTrue(HttpDates.parse(header(response, "Last-Modified")).isPresent());
    }

    @Test
    void headHasContentLengthAndNoBody() throws Exception {
        var response = http.head(server.uri("/files/a.bin"));

        assertEquals(200, response.statusCode());
        assertEquals(String.valueOf(size), header(response, "Content-Length"));
        assertEquals("bytes", header(response, "Accept-Ranges"));
        assertEquals(0, response.body().length);
        assertEquals(new RecordedRequest("HEAD", "/files/a.bin", null, null, 200, 0), server.requests().getFirst());
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
    void largeGeneratedContentIsServedPiecewise() throws Exception {
        var huge = Content.generated(1L << 40, 5); // 1 TiB: it can only work if never materialised
        server.add("/huge.bin", huge);

        var head = http.head(server.uri("/huge.bin"));
        var tail = http.get(server.uri("/huge.bin"), "Range", "bytes=-4096");

        assertEquals(String.valueOf(1L << 40), header(head, "Content-Length"));
        assertArrayEquals(huge.read((1L << 40) - 4096, 4096), tail.body());
    }
}
