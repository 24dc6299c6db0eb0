package io.loomget.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomget.testsupport.Sha256;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fault hooks that answer with a status: errors first then recovery, always one status, redirects. */
class StatusFaultsTest extends AgainstRangeServer {

    StatusFaultsTest() {
        super("/f.bin", 200_000, 7);
    }

    @Test
    void failFirstAnswersAnErrorThenRecovers() throws Exception {
        behave(Behaviour.builder().failFirst(2, 503).retryAfter("1"));

        var first = http.get(server.uri(path));
        var second = http.get(server.uri(path));
        var third = http.get(server.uri(path));

        assertEquals(503, first.statusCode());
        assertEquals("1", header(first, "Retry-After"));
        assertEquals(503, second.statusCode());
        assertEquals(200, third.statusCode());
        assertEquals(content.sha256Hex(), Sha256.of(third.body()));
        assertEquals(List.of(503, 503, 200), server.requests().stream().map(RecordedRequest::status).toList());
    }

    @Test
    void statusIsAlwaysAnswered() throws Exception {
        behave(Behaviour.builder().status(403));

        assertEquals(403, http.get(server.uri(path)).statusCode());
        assertEquals(403, http.get(server.uri(path), "Range", "bytes=0-9").statusCode());
        assertEquals(403, http.head(server.uri(path)).statusCode());
    }

    @Test
    void status404HidesExistingContent() throws Exception {
        behave(Behaviour.builder().status(404));

        assertEquals(404, http.get(server.uri(path)).statusCode());
    }

    @Test
    void behavingAgainRestartsTheCounters() throws Exception {
        var failOnce = Behaviour.builder().failFirst(1, 500).build();
        server.behave(path, failOnce);
        assertEquals(500, http.get(server.uri(path)).statusCode());
        assertEquals(200, http.get(server.uri(path)).statusCode());

        server.behave(path, failOnce);

        assertEquals(500, http.get(server.uri(path)).statusCode());
    }

    @Test
    void behaviourWithoutContentStillApplies() throws Exception {
        server.behave("/only-errors", Behaviour.builder().status(503).retryAfter("120").build());

        var response = http.get(server.uri("/only-errors"));

        assertEquals(503, response.statusCode());
        assertEquals("120", header(response, "Retry-After"));
    }

    @Test
    void redirectToSendsARelativeLocation() throws Exception {
        server.add("/target.bin", Content.bytes(new byte[] {1, 2, 3}));
        behave(Behaviour.builder().redirectTo("/target.bin"));

        var response = http.get(server.uri(path));

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

            var response = following.send(HttpRequest.newBuilder(server.uri(path)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertEquals(200, response.statusCode());
            assertArrayEquals(new byte[] {1, 2, 3}, response.body());
            assertEquals(List.of(307, 200), server.requests().stream().map(RecordedRequest::status).toList());
        }
    }
}
