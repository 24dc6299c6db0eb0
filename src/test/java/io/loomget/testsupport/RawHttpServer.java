package io.loomget.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A bare HTTP/1.1 server on 127.0.0.1 that writes whatever bytes its {@link Handler} chooses, for
 * misbehaviour no real server library will produce (a chunked body whose connection drops before
 * the last chunk, say). One request per connection; the handler decides when the socket closes.
 */
public final class RawHttpServer implements AutoCloseable {

    /** A request as it arrived: method, path and headers (names in lower case). */
    public record Request(String method, String path, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    @FunctionalInterface
    public interface Handler {
        /** Writes the whole response, status line included, to {@code out}; the socket closes afterwards. */
        void handle(Request request, OutputStream out) throws IOException;
    }

    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Handler handler;

    private RawHttpServer(Handler handler) throws IOException {
        this.handler = handler;
        this.socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        threads.submit(this::acceptLoop);
    }

    public static RawHttpServer start(Handler handler) {
        try {
            return new RawHttpServer(handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
    }

    /** Every request so far, in arrival order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private Void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                var connection = socket.accept();
                threads.submit(() -> serve(connection));
            } catch (IOException closed) {
                return null;
            }
        }
        return null;
    }

    private Void serve(Socket connection) {
        try (connection) {
            var in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
            var line = in.readLine();
            if (line == null) {
                return null;
            }
            var parts = line.split(" ");
            var headers = new TreeMap<String, String>();
            for (String h; (h = in.readLine()) != null && !h.isEmpty(); ) {
                int colon = h.indexOf(':');
                if (colon > 0) {
                    headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
                }
            }
            var request = new Request(parts[0], parts.length > 1 ? parts[1] : "/", Map.copyOf(headers));
            requests.add(request);
            var out = connection.getOutputStream();
            handler.handle(request, out);
            out.flush();
        } catch (IOException clientGone) {
            // the client may drop a response it no longer wants
        }
        return null;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        threads.shutdownNow();
    }
}
