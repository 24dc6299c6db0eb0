package io.loomget.ux;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A tiny HTTP/1.1 relay on {@code 127.0.0.1:0} that records every request head it forwards.
 * <ul>
 * <li>{@link #forwardProxy()}: an HTTP forward proxy: the request line carries an absolute URI
 *     ({@code GET http://127.0.0.1:PORT/a.bin HTTP/1.1}), which is turned into origin form and sent to
 *     that origin.</li>
 * <li>{@link #to(int)}: a reverse relay in front of one origin port, to see the headers a client sends
 *     to a server that does not record them (the {@code RangeServer}).</li>
 * <li>{@link #forwardProxyWithLogin(String)}: a forward proxy that also opens {@code CONNECT} tunnels (for
 *     https), and answers 407 to a request without {@code Proxy-Authorization: Basic} of that login.</li>
 * </ul>
 * One request per connection: the relay asks the origin for {@code Connection: close} and tells the
 * client the same, so no response framing has to be parsed; bodies are copied until the origin closes.
 * Only body-less requests (GET, HEAD) are supported, which is all loomget sends.
 */
final class HttpRelay implements AutoCloseable {

    /** A request head as the relay received it; header names in lower case. */
    record Request(String method, String target, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The path of the target, whether it was sent in absolute or origin form. */
        String path() {
            return target.startsWith("/") ? target : URI.create(target).getRawPath();
        }
    }

    private final Integer upstreamPort; // null: forward proxy
    private final String proxyAuthorization; // forward proxy: the Proxy-Authorization it wants, or null for none
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private HttpRelay(Integer upstreamPort, String login) throws IOException {
        this.upstreamPort = upstreamPort;
        this.proxyAuthorization = login == null ? null
                : "Basic " + java.util.Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8));
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        threads.submit(this::acceptLoop);
    }

    static HttpRelay forwardProxy() throws IOException {
        return new HttpRelay(null, null);
    }

    /** A forward proxy (with {@code CONNECT}) that serves only requests carrying {@code user:password}. */
    static HttpRelay forwardProxyWithLogin(String login) throws IOException {
        return new HttpRelay(null, login);
    }

    static HttpRelay to(int originPort) throws IOException {
        return new HttpRelay(originPort, null);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** {@code http://127.0.0.1:PORT/path} through this relay (reverse mode). */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                var client = listener.accept();
                open.add(client);
                threads.submit(() -> serve(client));
            } catch (IOException closed) {
                return;
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        Socket origin = null;
        try (client) {
            var in = new BufferedInputStream(client.getInputStream());
            var head = readHead(in);
            if (head == null) {
                return;
            }
            var lines = head.split("\r\n");
            var parts = lines[0].split(" ", 3);
            var headers = new LinkedHashMap<String, String>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
                }
            }
            var request = new Request(parts[0], parts[1], Map.copyOf(headers));
            requests.add(request);
            if (proxyAuthorization != null && !proxyAuthorization.equals(request.header("Proxy-Authorization"))) {
                client.getOutputStream().write(("HTTP/1.1 407 Proxy Authentication Required\r\n"
                        + "Proxy-Authenticate: Basic realm=\"relay\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            if (parts[0].equals("CONNECT")) {
                tunnel(client, in, parts[1]);
                return;
            }

            String host = "127.0.0.1";
            int port;
            String target = parts[1];
            if (upstreamPort == null) {
                var uri = URI.create(target);
                host = uri.getHost();
                port = uri.getPort() > 0 ? uri.getPort() : 80;
                target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            } else {
                port = upstreamPort;
            }
            var upstreamHead = new StringBuilder(parts[0] + " " + target + " " + parts[2] + "\r\n");
            for (int i = 1; i < lines.length; i++) {
                var name = lines[i].split(":", 2)[0].trim().toLowerCase(Locale.ROOT);
                if (!Set.of("connection", "proxy-connection", "keep-alive", "upgrade", "http2-settings").contains(name)
                        && !(upstreamPort == null && name.equals("proxy-authorization"))) { // a proxy's own, as real ones keep it
                    upstreamHead.append(lines[i]).append("\r\n");
                }
            }
            upstreamHead.append("Connection: close\r\n\r\n");

            origin = new Socket(host, port);
            open.add(origin);
            var originOut = origin.getOutputStream();
            originOut.write(upstreamHead.toString().getBytes(StandardCharsets.ISO_8859_1));
            originOut.flush();

            var originIn = new BufferedInputStream(origin.getInputStream());
            var responseHead = readHead(originIn);
            if (responseHead == null) {
                return;
            }
            var response = new StringBuilder();
            for (var line : responseHead.split("\r\n")) {
                if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                    response.append(line).append("\r\n");
                }
            }
            response.append("Connection: close\r\n\r\n");
            OutputStream clientOut = client.getOutputStream();
            clientOut.write(response.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (!parts[0].equals("HEAD")) {
                originIn.transferTo(clientOut);
            }
            clientOut.flush();
        } catch (IOException dropped) {
            // either side went away: the other is closed below
        } finally {
            open.remove(client);
            if (origin != null) {
                open.remove(origin);
                try {
                    origin.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
    }

    /** {@code CONNECT host:port}: bytes both ways until either side closes (one thread copies upstream). */
    private void tunnel(Socket client, InputStream fromClient, String authority) throws IOException {
        int colon = authority.lastIndexOf(':');
        try (var origin = new Socket(authority.substring(0, colon), Integer.parseInt(authority.substring(colon + 1)))) {
            open.add(origin);
            client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            client.getOutputStream().flush();
            var upstream = threads.submit(() -> {
                try {
                    fromClient.transferTo(origin.getOutputStream());
                } catch (IOException closed) {
                    // either side went away
                } finally {
                    try {
                        origin.shutdownOutput();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
                return null;
            });
            origin.getInputStream().transferTo(client.getOutputStream());
            upstream.cancel(true);
        } finally {
            open.removeIf(socket -> socket.isClosed());
        }
    }

    /** The head up to (not including) the blank line, or null at end of stream before any byte. */
    private static String readHead(InputStream in) throws IOException {
        var bytes = new ByteArrayOutputStream();
        int matched = 0;
        for (int b; (b = in.read()) != -1; ) {
            bytes.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                var text = bytes.toString(StandardCharsets.ISO_8859_1);
                return text.substring(0, text.length() - 4);
            }
        }
        if (bytes.size() == 0) {
            return null;
        }
        throw new IOException("connection closed inside a message head");
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (var socket : new ArrayList<>(open)) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
