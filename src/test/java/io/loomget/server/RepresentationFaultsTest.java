package io.loomget.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.testsupport.Sha256;
import java.io.ByteArrayInputStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Fault hooks that change what a file looks like: no ranges, 200 to ranges, shifted ranges, no length, gzip, a new version. */
class RepresentationFaultsTest extends AgainstRangeServer {

    RepresentationFaultsTest() {
        super("/f.bin", 200_000, 7);
    }

    @Test
    void noRangesIgnoresRangeAndDoesNotAdvertise() throws Exception {
        behave(Behaviour.builder().noRanges());

        var head = http.head(server.uri(path));
        var ranged = http.get(server.uri(path), "Range", "bytes=100-199");

        assertTrue(head.headers().firstValue("Accept-Ranges").isEmpty());
        assertEquals(String.valueOf(size), header(head, "Content-Length"));
        assertEquals(200, ranged.statusCode());
        assertTrue(ranged.headers().firstValue("Content-Range").isEmpty());
        assertEquals(content.sha256Hex(), Sha256.of(ranged.body()));
    }

    @Test
    void rangeAnsweredWith200AdvertisesButServesEverything() throws Exception {
        behave(Behaviour.builder().rangeAnsweredWith200());

        var head = http.head(server.uri(path));
        var ranged = http.get(server.uri(path), "Range", "bytes=100-199");

        assertEquals("bytes", header(head, "Accept-Ranges"));
        assertEquals(200, ranged.statusCode());
        assertEquals(size, ranged.body().length);
        assertEquals(content.sha256Hex(), Sha256.of(ranged.body()));
    }

    @Test
    void shiftedRangeServesAndLabelsTheWrongBytes() throws Exception {
        behave(Behaviour.builder().shiftedRange(100));

        var response = http.get(server.uri(path), "Range", "bytes=1000-1999");

        assertEquals(206, response.statusCode());
        assertEquals("bytes 1100-2099/" + size, header(response, "Content-Range"));
        assertArrayEquals(content.read(1100, 1000), response.body());
    }

    @Test
    void contentDispositionIsSent() throws Exception {
        behave(Behaviour.builder().contentDisposition("attachment; filename=\"report.pdf\""));

        var response = http.head(server.uri(path));

        assertEquals("attachment; filename=\"report.pdf\"", header(response, "Content-Disposition"));
    }

    @Test
    void noContentLengthSendsChunked() throws Exception {
        behave(Behaviour.builder().noContentLength());

        var head = http.head(server.uri(path));
        var response = http.get(server.uri(path));

        assertTrue(head.headers().firstValue("Content-Length").isEmpty());
        assertTrue(head.headers().firstValue("Accept-Ranges").isEmpty());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Length").isEmpty());
        assertEquals("chunked", header(response, "Transfer-Encoding"));
        assertEquals(content.sha256Hex(), Sha256.of(response.body()));
    }

    @Test
    void gzipEncodesTheWholeBodyAndIgnoresRanges() throws Exception {
        behave(Behaviour.builder().gzip());

        var response = http.get(server.uri(path), "Range", "bytes=0-99");

        assertEquals(200, response.statusCode());
        assertEquals("gzip", header(response, "Content-Encoding"));
        assertTrue(response.headers().firstValue("Accept-Ranges").isEmpty());
        try (var gunzip = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            assertEquals(content.sha256Hex(), Sha256.of(gunzip.readAllBytes()));
        }
    }

    @Test
    void changeAfterRequestsReplacesTheContentAndValidators() throws Exception {
        var replacement = Content.generated(size, 8);
        behave(Behaviour.builder().changeAfterRequests(1, replacement));

        var before = http.get(server.uri(path));
        String oldEtag = header(before, "ETag");
        var after = http.get(server.uri(path));
        var resumed = http.get(server.uri(path), "Range", "bytes=100-199", "If-Range", oldEtag);

        assertEquals(content.sha256Hex(), Sha256.of(before.body()));
        assertEquals(replacement.sha256Hex(), Sha256.of(after.body()));
        assertNotEquals(oldEtag, header(after, "ETag"));
        var oldDate = HttpDates.parse(header(before, "Last-Modified")).orElseThrow();
        var newDate = HttpDates.parse(header(after, "Last-Modified")).orElseThrow();
        assertTrue(newDate.isAfter(oldDate));
        assertEquals(200, resumed.statusCode(), "If-Range with the old tag must not splice versions");
        assertEquals(replacement.sha256Hex(), Sha256.of(resumed.body()));
        assertEquals(replacement, server.content(path).orElseThrow());
    }
}
