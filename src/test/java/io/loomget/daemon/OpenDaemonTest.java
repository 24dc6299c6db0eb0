package io.loomget.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.testsupport.Sha256;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A daemon started with --rpc-allow-origin-all and --rpc-allow-any-dir: what those two options open up. */
class OpenDaemonTest extends OnDaemon {

    private static final String PAGE = "http://ariang.example";

    @Override
    RunningDaemon start() {
        var config = new DaemonConfig(0, SECRET, false, true, 2L << 20, true, null, Duration.ZERO);
        return new RunningDaemon(dir, config, RunningDaemon.settings(dir), List.of(), null);
    }

    @Test
    void anyOriginMayPostAndEveryAnswerSaysSo() {
        var post = HttpRequest.newBuilder(rpc.uri()).header("Origin", PAGE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(rpc.request("aria2.getVersion", rpc.token()))));
        var reply = rpc.send(post);
        assertEquals(200, reply.status());
        assertEquals("*", reply.response().headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    }

    @Test
    void thePreflightAllowsPostGetOptionsAndEchoesTheRequestedHeaders() {
        var preflight = HttpRequest.newBuilder(rpc.uri()).header("Origin", PAGE)
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody());
        var headers = rpc.send(preflight).response().headers();
        assertEquals("POST, GET, OPTIONS", headers.firstValue("Access-Control-Allow-Methods").orElseThrow());
        assertEquals("content-type", headers.firstValue("Access-Control-Allow-Headers").orElseThrow());
        assertEquals("1728000", headers.firstValue("Access-Control-Max-Age").orElseThrow());
    }

    @Test
    void aPageOfAnyOriginMayOpenAWebSocket() throws Exception {
        try (var ws = WsClient.open(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + rpc.port + "/jsonrpc"),
                Map.of("Origin", PAGE))) {
            ws.send(Map.of("id", 1, "method", "aria2.getVersion", "params", rpc.token()));
            assertTrue(ws.answer(1L).containsKey("result"));
        }
    }

    @Test
    void aDirOutsideTheDownloadDirectoryIsTaken() throws Exception {
        var elsewhere = Files.createTempDirectory("loomget-any-dir");
        try {
            var gid = add("/small.bin", Map.of("dir", elsewhere.toString()));
            awaitStatus(gid, "complete");
            assertEquals(SMALL.sha256Hex(), Sha256.of(elsewhere.resolve("small.bin")));
        } finally {
            try (var files = Files.list(elsewhere)) {
                for (var f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(elsewhere);
        }
    }
}
