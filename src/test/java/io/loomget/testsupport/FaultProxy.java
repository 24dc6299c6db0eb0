package io.loomget.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on {@code 127.0.0.1:0} that forwards every connection to one target and, with a given
 * probability, cuts a connection after a random number of bytes of the server's answer (headers
 * included): both sides are then reset. The decisions come from a seeded {@link Random}, drawn once
 * per accepted connection in accept order, so a run can be reproduced. One virtual thread per
 * direction of each connection; {@link #close()} stops accepting, drops every open connection and
 * waits for the threads.
 *
 * <pre>{@code
 * try (var proxy = FaultProxy.start(server.port(), 0.3, 256 * 1024, 42)) {
 *     URI uri = proxy.uri("/a.bin");
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {

    private static final int BUFFER = 16 * 1024;

    private final int targetPort;
    private final double cutProbability;
    private final long maxCutOffset;
    private final Random random;
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong cutsPlanned = new AtomicLong();
    private final AtomicLong cuts = new AtomicLong();
    private final AtomicLong bytesToClient = new AtomicLong();
    private volatile boolean closed;

    private FaultProxy(int targetPort, double cutProbability, long maxCutOffset, long seed) throws IOException {
        if (cutProbability < 0 || cutProbability > 1) {
            throw new IllegalArgumentException("probability must be in [0, 1]: " + cutProbability);
        }
        if (maxCutOffset < 1) {
            throw new IllegalArgumentException("maxCutOffset must be > 0: " + maxCutOffset);
        }
        this.targetPort = targetPort;
        this.cutProbability = cutProbability;
        this.maxCutOffset = maxCutOffset;
        this.random = new Random(seed);
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    }

    /**
     * A started proxy to {@code 127.0.0.1:targetPort}: each connection is cut with probability
     * {@code cutProbability}, after {@code [0, maxCutOffset)} bytes from the server.
     */
    public static FaultProxy start(int targetPort, double cutProbability, long maxCutOffset, long seed)
            throws IOException {
        var proxy = new FaultProxy(targetPort, cutProbability, maxCutOffset, seed);
        proxy.threads.submit(proxy::acceptLoop);
        return proxy;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code http://127.0.0.1:PORT/path} through the proxy. */
    public URI uri(String path) {
        try {
            return new URI("http", null, "127.0.0.1", port(), path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(path, e);
        }
    }

    /** Client connections accepted so far. */
    public long connections() {
        return connections.get();
    }

    /** Connections that were cut (their cut offset was reached before the server's answer ended). */
    public long cuts() {
        return cuts.get();
    }

    /** Connections that drew a cut offset, reached or not. */
    public long cutsPlanned() {
        return cutsPlanned.get();
    }

    /** Bytes forwarded from the server to clients. */
    public long bytesToClient() {
        return bytesToClient.get();
    }

    /** Connections open right now (client and server side counted separately). */
    public int openSockets() {
        return open.size();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.incrementAndGet();
            long cutAt;
            synchronized (random) {
                cutAt = random.nextDouble() < cutProbability ? random.nextLong(maxCutOffset) : -1;
            }
            if (cutAt >= 0) {
                cutsPlanned.incrementAndGet();
            }
            threads.submit(() -> serve(client, cutAt));
        }
    }

    private void serve(Socket client, long cutAt) {
        open.add(client);
        Socket server = new Socket();
        open.add(server);
        try {
            if (closed) {
                return;
            }
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
            var upstream = threads.submit(() -> pump(client.getInputStream(), server.getOutputStream(), -1, false, client, server));
            pump(server.getInputStream(), client.getOutputStream(), cutAt, true, client, server);
            upstream.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the connection is over, one way or another
        } finally {
            closeQuietly(client);
            closeQuietly(server);
            open.remove(client);
            open.remove(server);
        }
    }

    /** Copies until EOF, an error, or {@code cutAt} bytes (then resets both sockets). Always closes both at the end. */
    private Void pump(InputStream in, OutputStream out, long cutAt, boolean toClient, Socket client, Socket server) {
        var buffer = new byte[BUFFER];
        long forwarded = 0;
        try {
            while (true) {
                int want = buffer.length;
                if (cutAt >= 0) {
                    if (forwarded >= cutAt) {
                        cuts.incrementAndGet();
                        reset(client);
                        reset(server);
                        return null;
                    }
                    want = (int) Math.min(want, cutAt - forwarded);
                }
                int n = in.read(buffer, 0, want);
                if (n < 0) {
                    return null;
                }
                out.write(buffer, 0, n);
                out.flush();
                forwarded += n;
                if (toClient) {
                    bytesToClient.addAndGet(n);
                }
            }
        } catch (IOException e) {
            return null;
        } finally {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    /** Closes with an RST rather than a FIN: the peer sees "connection reset", as on a real network fault. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        for (var socket : open) {
            closeQuietly(socket);
        }
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("proxy threads did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FaultProxy[127.0.0.1:" + port() + " -> " + targetPort + ", p=" + cutProbability + "]";
    }
}
