package io.loomget.daemon;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The web server: Helidon SE on virtual threads, HTTP and WebSocket on one port and one path
 * ({@code /jsonrpc}), on 127.0.0.1 unless {@code --rpc-listen-all}.
 */
final class RpcServer implements AutoCloseable {

    private final WebServer server;

    RpcServer(DaemonConfig config, HttpEndpoint http, WsEndpoint ws) {
        InetAddress address;
        try {
            address = InetAddress.getByAddress(config.listenAll() ? new byte[4] : new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
        int frame = (int) Math.min(config.maxRequestSize(), Integer.MAX_VALUE);
        this.server = WebServer.builder()
                .address(address)
                .port(config.port())
                .maxTcpConnections(maxConnections(config.memoryBudget()))
                .maxPayloadSize(HttpEndpoint.payloadCap(config.maxRequestSize()))
                .addProtocol(WsConfig.builder().maxFrameLength(frame).build())
                .routing(http::route)
                .addRouting(WsRouting.builder().endpoint(HttpEndpoint.PATH, ws::listener))
                .build()
                .start();
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

    @Override
    public void close() {
        server.stop();
    }
}
