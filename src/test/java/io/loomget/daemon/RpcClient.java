package io.loomget.daemon;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The JDK's HttpClient speaking JSON-RPC to a daemon: calls with the token put first, raw posts, and WebSockets. */
final class RpcClient {

    /** An error answer, with aria2's code and message. */
    static final class Failure extends AssertionError {
        final long code;

        Failure(long code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** An HTTP answer: status, content type, parsed body (null when empty). */
    record Reply(int status, HttpResponse<String> response, Object body) {}

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicLong ids = new AtomicLong();
    final int port;
    final String secret;

    RpcClient(int port, String secret) {
        this.port = port;
        this.secret = secret;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/jsonrpc");
    }

    /** Calls {@code method} with the token (when there is a secret) and {@code params}; its result. */
    Object call(String method, Object... params) {
        var all = new ArrayList<>();
        if (secret != null) {
            all.add("token:" + secret);
        }
        all.addAll(List.of(params));
        return result(post(request(method, all)));
    }

    /** {@code call} for results that are structs. */
    @SuppressWarnings("unchecked")
    Map<String, Object> struct(String method, Object... params) {
        return (Map<String, Object>) call(method, params);
    }

    @SuppressWarnings("unchecked")
    List<Object> list(String method, Object... params) {
        return (List<Object>) call(method, params);
    }

    Map<String, Object> request(String method, List<Object> params) {
        var request = new LinkedHashMap<String, Object>();
        request.put("jsonrpc", "2.0");
        request.put("id", Long.toString(ids.incrementAndGet()));
        request.put("method", method);
        request.put("params", params);
        return request;
    }

    /** The result of an answer, or its error thrown as a {@link Failure}. */
    @SuppressWarnings("unchecked")
    static Object result(Reply reply) {
        var body = (Map<String, Object>) reply.body();
        if (body.containsKey("error")) {
            var error = (Map<String, Object>) body.get("error");
            throw new Failure((Long) error.get("code"), (String) error.get("message"));
        }
        return body.get("result");
    }

    Reply post(Object json) {
        return send(HttpRequest.newBuilder(uri()).POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(json))));
    }

    Reply post(String raw) {
        return send(HttpRequest.newBuilder(uri()).POST(HttpRequest.BodyPublishers.ofString(raw)));
    }

    Reply send(HttpRequest.Builder request) {
        try {
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            var text = response.body();
            Object body = null;
            if (!text.isEmpty() && (text.startsWith("{") || text.startsWith("["))) {
                body = Json.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return new Reply(response.statusCode(), response, body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    WsClient ws() {
        return WsClient.open(http, URI.create("ws://127.0.0.1:" + port + "/jsonrpc"), java.util.Map.of());
    }

    /** The token parameter, for hand-made requests. */
    List<Object> token() {
        return secret == null ? new ArrayList<>() : new ArrayList<>(List.of("token:" + secret));
    }
}
