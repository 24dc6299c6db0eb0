package io.loomget.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The WireMock range transformer itself answers like a range-capable server (RFC 9110 §14). */
@Timeout(30)
class RangeResponsesTest {

    private static final byte[] BODY = new byte[1000];
    private static WireMockServer wireMock;
    private static HttpClient http;

    static {
        for (int i = 0; i < BODY.length; i++) {
            BODY[i] = (byte) (i * 7 + 3);
        }
    }

    @BeforeAll
    static void start() {
        wireMock = LocalWireMock.start(RangeResponses.everywhere());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        http.close();
        wireMock.stop();
    }

    @BeforeEach
    void stub() {
        wireMock.resetAll();
        wireMock.stubFor(get("/f.bin").willReturn(aResponse().withStatus(200).withHeader("ETag", "\"v1\"").withBody(BODY)));
    }

    @Test
    void closedRangeIsA206WithContentRangeAndTheSlice() throws Exception {
        var response = send("Range", "bytes=10-19");

        assertEquals(206, response.statusCode());
        assertEquals("bytes 10-19/1000", response.headers().firstValue("Content-Range").orElseThrow());
        assertEquals("10", response.headers().firstValue("Content-Length").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(BODY, 10, 20), response.body());
    }

    @Test
    void openRangeRunsToTheEnd() throws Exception {
        var response = send("Range", "bytes=990-");

        assertEquals(206, response.statusCode());
        assertEquals("bytes 990-999/1000", response.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(BODY, 990, 1000), response.body());
    }

    @Test
    void suffixRangeIsTheLastBytes() throws Exception {
        var response = send("Range", "bytes=-5");

        assertEquals(206, response.statusCode());
        assertEquals("bytes 995-999/1000", response.headers().firstValue("Content-Range").orElseThrow());
    }

    @Test
    void rangePastTheEndIs416WithTheSize() throws Exception {
        var response = send("Range", "bytes=1000-1999");

        assertEquals(416, response.statusCode());
        assertEquals("bytes */1000", response.headers().firstValue("Content-Range").orElseThrow());
    }

    @Test
    void noRangeIsTheWhole200AdvertisingRanges() throws Exception {
        var response = send();

        assertEquals(200, response.statusCode());
        assertEquals("bytes", response.headers().firstValue("Accept-Ranges").orElseThrow());
        assertArrayEquals(BODY, response.body());
    }

    @Test
    void staleIfRangeGetsTheWhole200() throws Exception {
        var response = send("Range", "bytes=10-19", "If-Range", "\"v0\"");

        assertEquals(200, response.statusCode());
        assertArrayEquals(BODY, response.body());
    }

    @Test
    void matchingIfRangeGetsThe206() throws Exception {
        assertEquals(206, send("Range", "bytes=10-19", "If-Range", "\"v1\"").statusCode());
    }

    @Test
    void multipleRangesAreIgnored() throws Exception {
        var response = send("Range", "bytes=0-1,5-6");

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Range").isEmpty());
    }

    private HttpResponse<byte[]> send(String... headers) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(wireMock.baseUrl() + "/f.bin")).GET();
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
