package io.loomget.spark;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The JDK's HTTP server on an ephemeral port of every local address (so that {@code 127.0.0.1} and
 * {@code localhost} are two hosts of one server), answering each path with its whole body and keeping
 * every request's host and headers: the range server does not keep request headers.
 */
final class HeaderRecordingServer implements AutoCloseable {

    /** One request as received: the {@code Host} it named, its path, and the headers tests look at. */
    record Request(String host, String path, String authorization, String cookie) {}

    private final HttpServer server;
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    HeaderRecordingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            var h = exchange.getRequestHeaders();
            var path = exchange.getRequestURI().getPath();
            requests.add(new Request(h.getFirst("Host").replaceFirst(":\\d+$", ""), path, h.getFirst("Authorization"),
                    h.getFirst("Cookie")));
            var body = bodies.get(path);
            try (exchange) {
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
            }
        });
        server.start();
    }

    HeaderRecordingServer add(String path, byte[] body) {
        bodies.put(path, body.clone());
        return this;
    }

    URI uri(String host, String path) {
        return URI.create("http://" + host + ":" + server.getAddress().getPort() + path);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
