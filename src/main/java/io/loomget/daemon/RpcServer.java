package io.loomget.daemon;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The web server: Helidon SE on virtual threads, HTTP and WebSocket on one port and one path
 * ({@code /jsonrpc}), on 127.0.0.1 and [::1] unless {@code --rpc-listen-all}.
 */
final class RpcServer implements AutoCloseable {

    private final WebServer server;
    /** The same on IPv6's loopback, or null (with {@code --rpc-listen-all}, or where there is none). */
    private final WebServer ipv6;

    RpcServer(DaemonConfig config, HttpEndpoint http, WsEndpoint ws) {
        int connections = maxConnections(config.memoryBudget());
        this.server = start(config, http, ws, address(config.listenAll() ? new byte[4] : new byte[] {127, 0, 0, 1}),
                config.port(), connections);
        // aria2 listens on ::1 too: a client that resolves localhost to ::1 alone reaches it. A machine
        // without IPv6's loopback, or with the port taken there, is served on 127.0.0.1 alone, as before.
        // (a quarter of the connections there: together they stay within what the heap can hold)
        this.ipv6 = config.listenAll() ? null
                : startOrNull(config, http, ws, address(ipv6Loopback()), server.port(), Math.max(64, connections / 4));
    }

    /**
     * Whether the port can be listened on, checked before anything starts (a second daemon started by
     * mistake on the same port and session must not begin the same downloads). Helidon only logs a
     * failed start, as SEVERE with its stack trace, and the daemon then said it listened on port -1.
     *
     * @throws java.io.UncheckedIOException "cannot listen on 127.0.0.1:6800: Address already in use"
     */
    static void checkFree(DaemonConfig config) {
        if (config.port() == 0) {
            return;
        }
        var address = address(config.listenAll() ? new byte[4] : new byte[] {127, 0, 0, 1});
        try (var probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(address, config.port()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot listen on " + address.getHostAddress() + ":" + config.port()
                    + ": " + e.getMessage() + " (another daemon on that port? --rpc-listen-port)", e);
        }
    }

    private static byte[] ipv6Loopback() {
        var bytes = new byte[16];
        bytes[15] = 1;
        return bytes;
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    private static WebServer startOrNull(DaemonConfig config, HttpEndpoint http, WsEndpoint ws, InetAddress address,
                                         int port, int connections) {
        // Tried with a plain socket first: Helidon logs a failed start as SEVERE, with its stack trace.
        try (var probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(address, port));
        } catch (java.io.IOException unavailable) {
            return null;
        }
        try {
            return start(config, http, ws, address, port, connections);
        } catch (RuntimeException unavailable) { // taken in between
            return null;
        }
    }

    private static WebServer start(DaemonConfig config, HttpEndpoint http, WsEndpoint ws, InetAddress address, int port,
                                   int connections) {
        int frame = (int) Math.min(config.maxRequestSize(), Integer.MAX_VALUE);
        var server = WebServer.builder()
                .address(address)
                .port(port)
                .maxTcpConnections(connections)
                .maxPayloadSize(HttpEndpoint.payloadCap(config.maxRequestSize()))
                .addProtocol(WsConfig.builder().maxFrameLength(frame).build())
                .routing(http::route)
                .addRouting(WsRouting.builder().endpoint(HttpEndpoint.PATH, ws::listener))
                .build()
                .start();
        if (!server.isRunning()) { // taken since checkFree: Helidon has logged why
            throw new java.io.UncheckedIOException(new java.io.IOException("cannot listen on "
                    + address.getHostAddress() + ":" + port));
        }
        return server;
    }

    /**
     * Connections open at once; the next ones wait in the kernel's queue until one closes. Each costs some
     * 16 KiB of heap even idle (its buffers, its virtual thread's stack): 13,000 idle connections, which
     * any local program can open, ended the daemon with an OutOfMemoryError under its 256 MiB heap. One per
     * 32 KiB of the request budget: 2,048 under the launchers.
     */
    static int maxConnections(long memoryBudget) {
        return (int) Math.clamp(memoryBudget / (32 << 10), 64, 1 << 20);
    }

    int port() {
        return server.port();
    }

    /** Whether it also listens on {@code [::1]}, on the same port. */
    boolean onIpv6() {
        return ipv6 != null;
    }

    @Override
    public void close() {
        if (ipv6 != null) {
            ipv6.stop();
        }
        server.stop();
    }
}
