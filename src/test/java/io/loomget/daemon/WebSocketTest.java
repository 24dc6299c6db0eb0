package io.loomget.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** /jsonrpc over WebSocket: requests and batches answered on the socket, aria2's notifications to every client, bad frames survived. */
class WebSocketTest extends OnDaemon {

    private static final long MAX_REQUEST = 64 << 10;

    @Override
    RunningDaemon start() {
        var config = new DaemonConfig(0, SECRET, false, false, MAX_REQUEST, false, null, Duration.ZERO);
        return new RunningDaemon(dir, config, RunningDaemon.settings(dir), List.of(), null);
    }

    private Map<String, Object> call(WsClient ws, String id, String method, Object... params) throws InterruptedException {
        var all = new java.util.ArrayList<Object>(List.of("token:" + SECRET));
        all.addAll(List.of(params));
        ws.send(Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", all));
        return ws.answer(id);
    }

    @Test
    void aRequestIsAnsweredOnTheSocketWithItsId() throws Exception {
        try (var ws = rpc.ws()) {
            var answer = call(ws, "v", "aria2.getVersion");
            assertEquals("2.0", answer.get("jsonrpc"));
            assertTrue(answer.get("result") instanceof Map);
        }
    }

    @Test
    void everyClientIsToldOfStartAndCompleteWithTheGid() throws Exception {
        try (var one = rpc.ws(); var two = rpc.ws()) {
            call(one, "sync", "aria2.getVersion"); // both sockets are open and registered before the download
            call(two, "sync", "aria2.getVersion");
            var gid = add("/small.bin", Map.of());
            for (var ws : List.of(one, two)) {
                var start = ws.notification("aria2.onDownloadStart", gid);
                assertEquals(List.of(Map.of("gid", gid)), start.get("params"));
                assertEquals(false, start.containsKey("id"));
                ws.notification("aria2.onDownloadComplete", gid);
            }
        }
    }

    @Test
    void pauseUnpauseRemoveAndNotFoundAreAnnounced() throws Exception {
        try (var ws = rpc.ws()) {
            call(ws, "sync", "aria2.getVersion");
            var gid = add("/slow.bin", Map.of());
            ws.notification("aria2.onDownloadStart", gid);
            awaitSomeBytes(gid);
            rpc.call("aria2.pause", gid);
            ws.notification("aria2.onDownloadPause", gid);
            rpc.call("aria2.unpause", gid);
            ws.notification("aria2.onDownloadStart", gid);
            rpc.call("aria2.remove", gid);
            ws.notification("aria2.onDownloadStop", gid);
            var missing = add("/missing.bin", Map.of());
            ws.notification("aria2.onDownloadStart", missing);
            ws.notification("aria2.onDownloadError", missing);
        }
    }

    @Test
    void aPauseIsToldBeforeTheStartOfTheDownloadThatTakesItsSlot() throws Exception {
        try (var ws = rpc.ws()) {
            call(ws, "one", "aria2.changeGlobalOption", Map.of("max-concurrent-downloads", "1"));
            var slow = add("/slow.bin", Map.of());
            ws.notification("aria2.onDownloadStart", slow);
            var next = add("/small.bin", Map.of());
            rpc.call("aria2.pause", slow);

            assertEquals(List.of("aria2.onDownloadPause " + slow, "aria2.onDownloadStart " + next),
                    ws.notificationsUntil("aria2.onDownloadStart", next), "as aria2 tells them");
        }
    }

    @Test
    void aCompletionIsToldBeforeTheStartOfTheDownloadThatTakesItsSlot() throws Exception {
        try (var ws = rpc.ws()) {
            call(ws, "one", "aria2.changeGlobalOption", Map.of("max-concurrent-downloads", "1"));
            var first = add("/small.bin", Map.of("pause", "true"));
            var second = add("/small.bin", Map.of("pause", "true", "out", "second.bin"));
            rpc.call("aria2.unpauseAll"); // both waiting at once: first starts, second waits for its slot

            assertEquals(List.of("aria2.onDownloadStart " + first, "aria2.onDownloadComplete " + first,
                    "aria2.onDownloadStart " + second), ws.notificationsUntil("aria2.onDownloadStart", second));
        }
    }

    @Test
    void malformedJsonGetsAParseErrorAndTheSocketStaysOpen() throws Exception {
        try (var ws = rpc.ws()) {
            ws.sendRaw("{nope");
            var error = ws.await(m -> m.containsKey("error"), Duration.ofSeconds(30));
            assertEquals(-32700L, ((Map<?, ?>) error.get("error")).get("code"));
            assertTrue(call(ws, "after", "aria2.getVersion").containsKey("result"));
        }
    }

    @Test
    void aBinaryMessageIsARequestToo() throws Exception {
        try (var ws = rpc.ws()) {
            ws.sendBinary(Json.text(Map.of("id", "bin", "method", "aria2.getVersion", "params", List.of("token:" + SECRET))));
            assertTrue(ws.answer("bin").get("result") instanceof Map);
        }
    }

    @Test
    void aBatchIsAnsweredInOneArrayFrame() throws Exception {
        try (var ws = rpc.ws()) {
            var token = List.<Object>of("token:" + SECRET);
            ws.send(List.of(Map.of("id", 1, "method", "aria2.getVersion", "params", token),
                    Map.of("id", 2, "method", "aria2.getGlobalStat", "params", token)));
            var batch = (List<?>) ws.await(m -> m.containsKey("batch"), Duration.ofSeconds(30)).get("batch");
            assertEquals(2, batch.size());
        }
    }

    @Test
    void aMessageOverTheSizeLimitClosesThatSocketOnlyAndOthersAreStillServed() throws Exception {
        try (var big = rpc.ws(); var other = rpc.ws()) {
            big.sendRaw("[\"" + "x".repeat((int) MAX_REQUEST) + "\"]");
            assertEquals(1009, big.closed.get(30, TimeUnit.SECONDS));
            assertTrue(call(other, "still", "aria2.getVersion").containsKey("result"));
        }
    }

    @Test
    void anAbruptDisconnectLeavesTheDaemonServing() throws Exception {
        var gone = rpc.ws();
        gone.send(Map.of("id", 1, "method", "aria2.getVersion", "params", List.of("token:" + SECRET)));
        gone.close();
        var gid = add("/small.bin", Map.of());
        awaitStatus(gid, "complete");
        try (var ws = WsClient.open(HttpClient.newHttpClient(), java.net.URI.create("ws://127.0.0.1:" + rpc.port + "/jsonrpc"), Map.of())) {
            assertTrue(call(ws, "alive", "aria2.getVersion").containsKey("result"));
        }
    }
}
