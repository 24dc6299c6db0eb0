package io.loomget.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON-RPC as aria2 1.36 frames it over HTTP: ids, error codes, HTTP statuses, batches, GET and JSONP, CORS preflight, 404. */
class EnvelopeTest extends OnDaemon {

    private static final String VERSION = "{\"jsonrpc\":\"2.0\",\"id\":%s,\"method\":\"aria2.getVersion\",\"params\":[\"token:" + SECRET + "\"]}";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> error(RpcClient.Reply reply) {
        return (Map<String, Object>) ((Map<String, Object>) reply.body()).get("error");
    }

    @Test
    void answersWithIdJsonrpcAndResultInThatOrder() {
        var reply = rpc.post(VERSION.formatted("\"a\""));
        assertEquals(200, reply.status());
        assertEquals(List.of("id", "jsonrpc", "result"), List.copyOf(((Map<?, ?>) reply.body()).keySet()));
        assertEquals("application/json-rpc", reply.response().headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void answersAreMarkedUncacheableAndAlreadyExpiredAsAria2MarksThem() {
        var headers = rpc.post(VERSION.formatted("1")).response().headers();
        assertEquals("no-cache", headers.firstValue("Cache-Control").orElseThrow());
        var expires = java.time.ZonedDateTime.parse(headers.firstValue("Expires").orElseThrow(),
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
        var date = java.time.ZonedDateTime.parse(headers.firstValue("Date").orElseThrow(),
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
        assertTrue(!expires.isAfter(date), expires + " after " + date);
    }

    @Test
    void echoesTheIdWithItsType() throws Exception {
        for (var id : List.of("7", "\"seven\"", "null", "{\"k\":[1]}")) {
            var reply = rpc.post(VERSION.formatted(id));
            assertEquals(Json.text(Json.parse(id.getBytes(StandardCharsets.UTF_8))), Json.text(((Map<?, ?>) reply.body()).get("id")));
        }
    }

    @Test
    void acceptsTheNpmClientsJsonDashRpcMember() {
        var reply = rpc.post("{\"json-rpc\":\"2.0\",\"id\":1,\"method\":\"system.listNotifications\"}");
        assertEquals(200, reply.status());
    }

    @Test
    void malformedJsonIsParseErrorWithStatus500() {
        var reply = rpc.post("{\"id\":1,");
        assertEquals(500, reply.status());
        assertEquals(Map.of("code", -32700L, "message", "Parse error."), error(reply));
        assertNull(((Map<?, ?>) reply.body()).get("id"));
    }

    @Test
    void requestWithoutIdIsInvalidRequestWithStatus400() {
        var reply = rpc.post("{\"method\":\"aria2.getVersion\"}");
        assertEquals(400, reply.status());
        assertEquals(Map.of("code", -32600L, "message", "Invalid Request."), error(reply));
    }

    @Test
    void requestWithoutMethodIsInvalidRequest() {
        assertEquals(-32600L, error(rpc.post("{\"id\":1}")).get("code"));
    }

    @Test
    void paramsThatAreNotAnArrayAreInvalidParamsWithStatus500() {
        var reply = rpc.post("{\"id\":1,\"method\":\"aria2.getVersion\",\"params\":{\"a\":1}}");
        assertEquals(500, reply.status());
        assertEquals(Map.of("code", -32602L, "message", "Invalid params."), error(reply));
    }

    @Test
    void unknownMethodIsCodeOneNoSuchMethodWithStatus400() {
        var reply = rpc.post("{\"id\":1,\"method\":\"aria2.noSuchMethod\",\"params\":[\"token:" + SECRET + "\"]}");
        assertEquals(400, reply.status());
        assertEquals(Map.of("code", 1L, "message", "No such method: aria2.noSuchMethod"), error(reply));
        assertEquals("No such method: getVersion", error(rpc.post("{\"id\":1,\"method\":\"getVersion\",\"params\":[\"token:"
                + SECRET + "\"]}")).get("message"));
    }

    @Test
    void batchAnswersEachObjectInOrderAndDropsTheRest() {
        var reply = rpc.post("[" + VERSION.formatted(1) + ",2,{\"id\":3,\"method\":\"nope\"}]");
        assertEquals(200, reply.status());
        var answers = (List<?>) reply.body();
        assertEquals(2, answers.size());
        assertEquals(1L, ((Map<?, ?>) answers.get(0)).get("id"));
        assertEquals(3L, ((Map<?, ?>) answers.get(1)).get("id"));
        assertEquals(List.of(), rpc.post("[]").body());
        assertEquals(List.of(), rpc.post("[1,2]").body());
    }

    @Test
    void getWithBase64ParamsAndJsonpCallback() {
        var params = Base64.getEncoder().encodeToString(("[\"token:" + SECRET + "\"]").getBytes(StandardCharsets.UTF_8));
        var plain = rpc.send(HttpRequest.newBuilder(java.net.URI.create(rpc.uri() + "?method=aria2.getVersion&id=x&params=" + params)).GET());
        assertEquals(200, plain.status());
        assertTrue(((Map<?, ?>) plain.body()).containsKey("result"), plain.response().body());
        var jsonp = rpc.send(HttpRequest.newBuilder(
                java.net.URI.create(rpc.uri() + "?method=aria2.getVersion&id=x&params=" + params + "&jsoncallback=cb")).GET());
        assertTrue(jsonp.response().body().startsWith("cb({\"id\":\"x\""), jsonp.response().body());
        assertTrue(jsonp.response().body().endsWith("})"), jsonp.response().body());
    }

    @Test
    void getWithParamsThatAreNoBase64JsonIsInvalidRequestWithoutId() {
        var notJson = Base64.getEncoder().encodeToString("{x".getBytes(StandardCharsets.UTF_8));
        var reply = rpc.send(HttpRequest.newBuilder(
                java.net.URI.create(rpc.uri() + "?method=aria2.getVersion&id=7&params=" + notJson)).GET());
        assertEquals(400, reply.status());
        assertEquals(Map.of("code", -32600L, "message", "Invalid Request."), error(reply));
        assertNull(((Map<?, ?>) reply.body()).get("id"));
    }

    @Test
    void otherPathsAndMethodsAre404() {
        assertEquals(404, rpc.send(HttpRequest.newBuilder(rpc.uri().resolve("/other")).GET()).status());
        assertEquals(404, rpc.send(HttpRequest.newBuilder(rpc.uri()).PUT(HttpRequest.BodyPublishers.ofString("{}"))).status());
    }
}
