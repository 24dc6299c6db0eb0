package io.loomget.cli.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * The demo's file server on 127.0.0.1: GET and HEAD with single byte ranges, {@code If-Range} and
 * a strong ETag, one virtual thread per exchange, over plain HTTP or (for the start-up cache's
 * training of https runs) TLS. Nothing more: the fault-injecting server that the tests and
 * benchmarks use lives in the test sources, not in the product.
 */
public final class DemoServer implements AutoCloseable {

    private static final byte[] LOOPBACK = {127, 0, 0, 1};

    private final Map<String, DemoFile> files;
    private final HttpServer http;
    private final String scheme;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private DemoServer(List<DemoFile> files, SSLContext tls) throws IOException {
        this.files = files.stream().collect(Collectors.toUnmodifiableMap(f -> "/" + f.name(), Function.identity()));
        var address = new InetSocketAddress(InetAddress.getByAddress(LOOPBACK), 0);
        if (tls == null) {
            this.http = HttpServer.create(address, 256);
            this.scheme = "http";
        } else {
            var https = HttpsServer.create(address, 256);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            this.http = https;
            this.scheme = "https";
        }
        http.setExecutor(executor);
        http.createContext("/", this::handle);
    }

    /** Serves {@code files} over plain HTTP on an ephemeral port until closed. */
    public static DemoServer start(List<DemoFile> files) {
        return start(files, null);
    }

    /** Serves {@code files} on an ephemeral port until closed: over TLS with {@code tls}'s key, or plain when null. */
    public static DemoServer start(List<DemoFile> files, SSLContext tls) {
        // Small answers should not wait for Nagle; read once, when the JVM's first HttpServer is made.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            var server = new DemoServer(files, tls);
            server.http.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind 127.0.0.1", e);
        }
    }

    /** The server's root, {@code http://127.0.0.1:PORT/} (or {@code https://}). */
    public URI root() {
        return URI.create(scheme + "://127.0.0.1:" + http.getAddress().getPort() + "/");
    }

    public URI uri(DemoFile file) {
        return root().resolve(file.name());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var file = files.get(exchange.getRequestURI().getPath());
            boolean head = exchange.getRequestMethod().equals("HEAD");
            if (file == null || !(head || exchange.getRequestMethod().equals("GET"))) {
                exchange.sendResponseHeaders(file == null ? 404 : 405, -1);
                return;
            }
            var etag = "\"" + Long.toHexString(file.seed()) + "-" + file.size() + "\"";
            var headers = exchange.getResponseHeaders();
            headers.set("Accept-Ranges", "bytes");
            headers.set("ETag", etag);
            headers.set("Content-Type", "application/octet-stream");
            var range = exchange.getRequestHeaders().getFirst("Range");
            var ifRange = exchange.getRequestHeaders().getFirst("If-Range");
            var asked = range == null || (ifRange != null && !ifRange.equals(etag))
                    ? new ByteRange.Ignored() : ByteRange.parse(range, file.size());
            if (asked instanceof ByteRange.Unsatisfiable) {
                headers.set("Content-Range", "bytes */" + file.size());
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            var span = asked instanceof ByteRange.Satisfiable s ? s : new ByteRange.Satisfiable(0, file.size() - 1);
            long length = span.length();
            int status = asked instanceof ByteRange.Satisfiable ? 206 : 200;
            if (status == 206) {
                headers.set("Content-Range", "bytes " + span.first() + "-" + span.last() + "/" + file.size());
            }
            if (head) {
                headers.set("Content-Length", String.valueOf(length));
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
            if (length > 0) {
                try (var body = exchange.getResponseBody()) {
                    file.writeTo(span.first(), length, body);
                }
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
        executor.close();
    }
}
