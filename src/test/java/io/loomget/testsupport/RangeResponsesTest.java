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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # behaviour (1000-byte body)         | Range       | Content-Range      | slice from | to
            closed range is a 206 with the slice | bytes=10-19 | bytes 10-19/1000   | 10         | 20
            open range runs to the end           | bytes=990-  | bytes 990-999/1000 | 990        | 1000
            suffix range is the last bytes       | bytes=-5    | bytes 995-999/1000 | 995        | 1000
            """)
    void satisfiableRangeIsA206WithContentRangeAndTheSlice(String behaviour, String range, String contentRange,
            int from, int to) throws Exception {
        var response = send("Range", range);

        assertEquals(206, response.statusCode());
        assertEquals(contentRange, response.headers().firstValue("Content-Range").orElseThrow());
        assertEquals(String.valueOf(to - from), response.headers().firstValue("Content-Length").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(BODY, from, to), response.body());
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
