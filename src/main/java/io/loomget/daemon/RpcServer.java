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
                .maxPayloadSize(HttpEndpoint.payloadCap(config.maxRequestSize()))
                .addProtocol(WsConfig.builder().maxFrameLength(frame).build())
                .routing(http::route)
                .addRouting(WsRouting.builder().endpoint(HttpEndpoint.PATH, ws::listener))
                .build()
                .start();
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
