package io.loomget.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The server's lifecycle: started once, closed for good (port freed), on loopback. */
class RangeServerLifecycleTest extends AgainstRangeServer {

    RangeServerLifecycleTest() {
        super("/files/a.bin", 300_000, 42);
    }

    @Test
    void closeFreesThePort() throws Exception {
        int port = server.port();

        server.close();

        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            assertEquals(port, socket.getLocalPort());
        }
    }

    @Test
    void lifecycleIsOneWay() {
        var fresh = RangeServer.builder().build();
        assertThrows(IllegalStateException.class, fresh::port);
        fresh.start();
        assertThrows(IllegalStateException.class, fresh::start);
        fresh.close();
        fresh.close(); // idempotent
        assertThrows(IllegalStateException.class, fresh::port);
    }

    @Test
    void uriPointsAtLoopback() {
        var uri = server.uri("files/a.bin");

        assertEquals("http://127.0.0.1:" + server.port() + "/files/a.bin", uri.toString());
    }
}
