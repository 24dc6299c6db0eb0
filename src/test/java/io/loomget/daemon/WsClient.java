package io.loomget.daemon;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** {@code java.net.http.WebSocket} to a daemon: every text message it receives is kept, in order. */
final class WsClient implements AutoCloseable {

    private final LinkedBlockingQueue<Map<String, Object>> received = new LinkedBlockingQueue<>();
    private final List<Map<String, Object>> seen = new ArrayList<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final WebSocket socket;

    private WsClient(HttpClient http, URI uri, Map<String, String> headers) {
        var builder = http.newWebSocketBuilder();
        headers.forEach(builder::header);
        this.socket = builder.buildAsync(uri, new Listener()).join();
    }

    static WsClient open(HttpClient http, URI uri, Map<String, String> headers) {
        return new WsClient(http, uri, headers);
    }

    void send(Object json) {
        socket.sendText(Json.text(json), true).join();
    }

    void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    /** {@code text} as one binary message, as some clients send their JSON. */
    void sendBinary(String text) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), true).join();
    }

    /** The first message (kept or arriving within {@code timeout}) that {@code matches}; the others stay kept. */
    Map<String, Object> await(Predicate<Map<String, Object>> matches, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            synchronized (seen) {
                for (var m : seen) {
                    if (matches.test(m)) {
                        seen.remove(m);
                        return m;
                    }
                }
            }
            var next = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("no matching WebSocket message within " + timeout + "; kept: " + seen);
            }
            synchronized (seen) {
                seen.add(next);
            }
        }
    }

    /** Whether any message has arrived (and is kept or waiting to be looked at). */
    boolean receivedAny() {
        synchronized (seen) {
            return !seen.isEmpty() || !received.isEmpty();
        }
    }

    /** The notification {@code method} for {@code gid}. */
    Map<String, Object> notification(String method, String gid) throws InterruptedException {
        return await(m -> method.equals(m.get("method"))
                && ((List<?>) m.get("params")).getFirst() instanceof Map<?, ?> p && gid.equals(p.get("gid")),
                Duration.ofSeconds(30));
    }

    /**
     * The notifications in the order they arrived (kept ones first), as {@code "method gid"}, up to and
     * including {@code method} for {@code gid}; answers stay kept.
     */
    List<String> notificationsUntil(String method, String gid) throws InterruptedException {
        var told = new ArrayList<String>();
        var last = method + " " + gid;
        while (true) {
            var next = await(m -> m.containsKey("method"), Duration.ofSeconds(30));
            var params = (Map<?, ?>) ((List<?>) next.get("params")).getFirst();
            told.add(next.get("method") + " " + params.get("gid"));
            if (told.getLast().equals(last)) {
                return told;
            }
        }
    }

    /** The answer with {@code id}. */
    Map<String, Object> answer(Object id) throws InterruptedException {
        return await(m -> m.containsKey("id") && java.util.Objects.equals(id, m.get("id")), Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        @SuppressWarnings("unchecked")
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    var value = Json.parse(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    received.add(value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of("batch", value));
                } catch (java.io.IOException e) {
                    received.add(Map.of("unparsable", text.toString()));
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
