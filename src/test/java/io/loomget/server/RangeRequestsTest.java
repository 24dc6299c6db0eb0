package io.loomget.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomget.testsupport.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The server answers Range and If-Range as RFC 9110 says: 206 with the bytes asked for, 416, or the whole body. */
class RangeRequestsTest extends AgainstRangeServer {

    RangeRequestsTest() {
        super("/files/a.bin", 300_000, 42);
    }

    /** Every form of one range: 206, its Content-Range and Content-Length, and exactly its bytes. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "a closed range gets 206 with Content-Range, bytes=1000-1999,     1000,   1999",
        "an open-ended range runs to the end,        bytes=299000-,       299000, 299999",
        "a suffix range serves the last bytes,       bytes=-500,          299500, 299999",
        "a range past the end is clamped,            bytes=299990-999999, 299990, 299999"})
    void singleRangeGets206WithExactlyItsBytes(String behaviour, String range, long first, long last) throws Exception {
        var response = http.get(server.uri(path), "Range", range);

        int length = (int) (last - first + 1);
        assertEquals(206, response.statusCode());
        assertEquals("bytes " + first + "-" + last + "/" + size, header(response, "Content-Range"));
        assertEquals(String.valueOf(length), header(response, "Content-Length"));
        assertArrayEquals(content.read(first, length), response.body());
    }

    @Test
    void unsatisfiableRangeGets416() throws Exception {
        var response = http.get(server.uri("/files/a.bin"), "Range", "bytes=" + size + "-");

        assertEquals(416, response.statusCode());
        assertEquals("bytes */" + size, header(response, "Content-Range"));
    }

    @Test
    void multipleRangesGetTheWholeBody() throws Exception {
        var response = http.get(server.uri("/files/a.bin"), "Range", "bytes=0-9,20-29");

        assertEquals(200, response.statusCode());
        assertEquals(content.sha256Hex(), Sha256.of(response.body()));
    }

    @Test
    void ifRangeWithTheCurrentEtagGets206() throws Exception {
        String etag = header(http.head(server.uri("/files/a.bin")), "ETag");

        var response = http.get(server.uri("/files/a.bin"), "Range", "bytes=10-19", "If-Range", etag);

        assertEquals(206, response.statusCode());
        assertArrayEquals(content.read(10, 10), response.body());
    }

    @Test
    void ifRangeWithAnotherEtagGetsTheWholeBody() throws Exception {
        var response = http.get(server.uri("/files/a.bin"), "Range", "bytes=10-19", "If-Range", "\"stale\"");

        assertEquals(200, response.statusCode());
        assertEquals(content.sha256Hex(), Sha256.of(response.body()));
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
        assertEquals(size, response.body().length);
    }
}
