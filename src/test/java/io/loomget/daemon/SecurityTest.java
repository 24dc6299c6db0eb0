package io.loomget.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The secret, its delay, origins and size limits, as the daemon enforces them by default. */
class SecurityTest extends OnDaemon {

    private static final long MAX_REQUEST = 16 << 10;

    @Override
    RunningDaemon start() {
        var config = new DaemonConfig(0, SECRET, false, false, MAX_REQUEST, false, null, Duration.ZERO);
        return new RunningDaemon(dir, config, RunningDaemon.settings(dir), List.of(), null);
    }

    @Test
    void aCallWithoutOrWithAWrongTokenIsUnauthorized() {
        for (var client : List.of(new RpcClient(rpc.port, null), new RpcClient(rpc.port, "wrong"))) {
            var e = assertThrows(RpcClient.Failure.class, () -> client.call("aria2.getGlobalStat"));
            assertEquals(1, e.code);
            assertEquals("Unauthorized", e.getMessage());
        }
        assertEquals(400, new RpcClient(rpc.port, "wrong").post(rpc.request("aria2.getVersion", List.of("token:x"))).status());
    }

    @Test
    void anUnknownMethodWithoutTheTokenIsUnauthorizedSoThatNobodyLearnsWhichMethodsExist() {
        var e = assertThrows(RpcClient.Failure.class, () -> new RpcClient(rpc.port, null).call("aria2.noSuchMethod"));
        assertEquals("Unauthorized", e.getMessage());
        var known = assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.noSuchMethod"));
        assertEquals("No such method: aria2.noSuchMethod", known.getMessage());
    }

    @Test
    void aWrongTokenIsAnsweredLateWithoutHoldingUpOtherClients() throws Exception {
        try (var attacker = rpc.ws()) {
            attacker.send(Map.of("id", "guess", "method", "aria2.getVersion", "params", List.of("token:guess")));
            // sent before this call: a daemon that answered the guess at once would have answered it already
            assertTrue(rpc.struct("aria2.getVersion").containsKey("version"));
            assertFalse(attacker.receivedAny(), "the wrong token was answered before a later good call");
            assertEquals("Unauthorized", ((Map<?, ?>) attacker.answer("guess").get("error")).get("message"));
        }
    }

    @Test
    void aWrongTokenOnAWebSocketDoesNotHoldUpTheMessagesAfterIt() throws Exception {
        try (var ws = rpc.ws()) {
            ws.send(Map.of("id", "guess", "method", "aria2.getVersion", "params", List.of("token:guess")));
            ws.send(Map.of("id", "good", "method", "aria2.getVersion", "params", List.of("token:" + SECRET)));

            var first = ws.await(m -> true, Duration.ofSeconds(30));

            assertEquals("good", first.get("id"), "answered while the wrong token's answer waits, as aria2 answers it");
            assertEquals("Unauthorized", ((Map<?, ?>) ws.answer("guess").get("error")).get("message"));
        }
    }

    @Test
    void aWrongTokenIsAnsweredInTheEnd() throws Exception {
        try (var ws = rpc.ws()) {
            ws.send(Map.of("id", "guess", "method", "aria2.getVersion", "params", List.of("token:guess")));
            var answer = ws.answer("guess");
            assertEquals("Unauthorized", ((Map<?, ?>) answer.get("error")).get("message"));
        }
    }

    @Test
    void aBrowserPageOfAnotherOriginIsRefusedOverHttp() {
        var post = HttpRequest.newBuilder(rpc.uri()).header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(rpc.request("aria2.getVersion", rpc.token()))));
        assertEquals(403, rpc.send(post).status());
        var preflight = HttpRequest.newBuilder(rpc.uri()).header("Origin", "https://evil.example")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody());
        assertEquals(403, rpc.send(preflight).status());
        var script = HttpRequest.newBuilder(URI.create(rpc.uri() + "?method=system.listMethods&id=1&jsoncallback=cb"))
                .header("Sec-Fetch-Site", "cross-site").GET();
        assertEquals(403, rpc.send(script).status());
    }

    @Test
    void aBrowserPageOfAnotherOriginCannotOpenAWebSocket() {
        var e = assertThrows(CompletionException.class, () -> WsClient.open(HttpClient.newHttpClient(),
                URI.create("ws://127.0.0.1:" + rpc.port + "/jsonrpc"), Map.of("Origin", "https://evil.example")));
        assertTrue(e.getCause() instanceof java.net.http.WebSocketHandshakeException, e.toString());
    }

    @Test
    void aBrowserExtensionIsServedOverHttpWithoutAllowOriginAllAsAria2ServesIt() {
        for (var origin : List.of("chrome-extension://mpkodccbngfoacfalldjimigbofkhgjn", "moz-extension://0b7e5c9a-1d2e")) {
            var post = HttpRequest.newBuilder(rpc.uri()).header("Origin", origin).header("Sec-Fetch-Site", "cross-site")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(rpc.request("aria2.getVersion", rpc.token()))));
            var reply = rpc.send(post);
            assertEquals(200, reply.status(), origin);
            assertTrue(reply.response().headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "no CORS header, as aria2");
        }
    }

    @Test
    void aBrowserExtensionCanOpenAWebSocketWithoutAllowOriginAll() throws Exception {
        try (var ws = WsClient.open(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + rpc.port + "/jsonrpc"),
                Map.of("Origin", "chrome-extension://mpkodccbngfoacfalldjimigbofkhgjn"))) {
            ws.send(rpc.request("aria2.getVersion", rpc.token()));
            assertTrue(ws.await(m -> m.containsKey("result"), Duration.ofSeconds(30)).get("result") instanceof Map);
        }
    }

    @Test
    void aBodyOverTheSizeLimitIsRefusedAndTheDaemonGoesOn() {
        // the refusal is answered, not reset, however much of the body is already on its way: a
        // daemon that closed with the body unread lost the 413 now and then (once in CI, once in 300 calls here)
        for (int i = 1; i <= 100; i++) {
            var huge = rpc.post("[\"" + "x".repeat((int) MAX_REQUEST * (1 + i % 8)) + "\"]");
            assertEquals(413, huge.status());
        }
        assertTrue(rpc.struct("aria2.getVersion").containsKey("version"));
    }

    @Test
    void aDirOverRpcStaysInsideTheDownloadDirectory() throws Exception {
        var relative = add("/small.bin", Map.of("dir", "sub"));
        awaitStatus(relative, "complete");
        assertTrue(java.nio.file.Files.exists(dir.resolve("sub/small.bin")));
        var inside = add("/small.bin", Map.of("dir", dir.resolve("abs").toAbsolutePath().toString()));
        awaitStatus(inside, "complete");
        assertTrue(java.nio.file.Files.exists(dir.resolve("abs/small.bin")));
        var outside = dir.getParent().resolve("outside-" + dir.getFileName());
        for (var bad : List.of(Map.<String, Object>of("dir", outside.toString()), Map.<String, Object>of("dir", "../x"),
                Map.<String, Object>of("out", "../x.bin"), Map.<String, Object>of("out", outside.resolve("x.bin").toString()))) {
            var e = assertThrows(RpcClient.Failure.class, () -> add("/small.bin", bad));
            assertTrue(e.getMessage().startsWith("We encountered a problem while processing the option"), e.getMessage());
        }
        assertFalse(java.nio.file.Files.exists(outside));
    }

    @Test
    void aRequestAddressedToAnotherNameIsRefusedAsADnsRebindingPageSendsIt() throws Exception {
        // A page at evil.example whose name now resolves to 127.0.0.1 is same-origin to the browser: no
        // Origin on a GET, Sec-Fetch-Site same-origin; only its Host header tells it apart.
        var call = "/jsonrpc?method=aria2.getVersion&id=1&params="
                + java.util.Base64.getEncoder().encodeToString(("[\"token:" + SECRET + "\"]").getBytes());
        assertEquals(403, rawStatus(call, "evil.example:" + rpc.port));
        assertEquals(200, rawStatus(call, "localhost:" + rpc.port));
        assertEquals(200, rawStatus(call, "127.0.0.1:" + rpc.port));
    }

    /** The status of a GET sent as a browser on {@code host} sends it (the JDK's client will not set Host). */
    private int rawStatus(String target, String host) throws java.io.IOException {
        try (var socket = new java.net.Socket("127.0.0.1", rpc.port)) {
            var request = "GET " + target + " HTTP/1.1\r\nHost: " + host
                    + "\r\nSec-Fetch-Site: same-origin\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            var status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @Test
    void aDirWithControlCharactersIsMadeASafeNameAsDashIMakesIt() throws Exception {
        var gid = add("/small.bin", Map.of("dir", "sub\u001b[31m\nred"));
        awaitStatus(gid, "complete");
        assertTrue(java.nio.file.Files.exists(dir.resolve("sub[31mred/small.bin")));
        assertFalse(daemon.output().contains("\u001b"), "an escape sequence reached the daemon's output");
    }

    @Test
    void aClientThatGoesAwayMidBodyLeavesNoWarningInTheLog() throws Exception {
        assertEquals(List.of(), helidonWarningsAfter("POST /jsonrpc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n[\"x"));
        assertTrue(rpc.struct("aria2.getVersion").containsKey("version"));
    }

    @Test
    void aChunkedBodyWithABadChunkSizeLeavesNoWarningInTheLog() throws Exception {
        assertEquals(List.of(), helidonWarningsAfter(
                "POST /jsonrpc HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n"));
        assertTrue(rpc.struct("aria2.getVersion").containsKey("version"));
    }

    /** What Helidon logs at WARNING or above while answering {@code request}, sent whole and then half-closed. */
    private List<String> helidonWarningsAfter(String request) throws Exception {
        var warnings = new java.util.concurrent.CopyOnWriteArrayList<java.util.logging.LogRecord>();
        var handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        var helidon = java.util.logging.Logger.getLogger("io.helidon");
        helidon.addHandler(handler);
        try (var socket = new java.net.Socket("127.0.0.1", rpc.port)) {
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.shutdownOutput(); // no more: the body ends early
            socket.getInputStream().readAllBytes(); // until the daemon has dealt with it and closed
        } finally {
            helidon.removeHandler(handler);
        }
        return warnings.stream().map(java.util.logging.LogRecord::getMessage).toList();
    }

    @Test
    void aSymbolicLinkInTheDownloadDirectoryDoesNotLeadADirOrOutOutsideIt(@org.junit.jupiter.api.io.TempDir
                                                                            java.nio.file.Path outside) throws Exception {
        java.nio.file.Files.createSymbolicLink(dir.resolve("home"), outside);
        for (var bad : List.of(Map.<String, Object>of("dir", "home"), Map.<String, Object>of("dir", "home/deeper"),
                Map.<String, Object>of("out", "home/x.bin"))) {
            var e = assertThrows(RpcClient.Failure.class, () -> add("/small.bin", bad));
            assertTrue(e.getMessage().startsWith("We encountered a problem while processing the option"), e.getMessage());
        }
        try (var left = java.nio.file.Files.list(outside)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void itAnswersOnIpv6sLoopbackOnTheSamePortAsAria2Does() throws Exception {
        var loopback = java.net.InetAddress.getByName("::1");
        try (var probe = new java.net.ServerSocket(0, 1, loopback)) {
            // a machine without IPv6's loopback is served on 127.0.0.1 alone
        } catch (java.io.IOException none) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + none);
        }
        var post = HttpRequest.newBuilder(URI.create("http://[::1]:" + rpc.port + "/jsonrpc"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(rpc.request("aria2.getVersion", rpc.token()))));

        var reply = rpc.send(post);

        assertEquals(200, reply.status());
        assertTrue(((Map<?, ?>) ((Map<?, ?>) reply.body()).get("result")).containsKey("version"));
    }
}
