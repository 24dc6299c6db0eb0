package io.loomget.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 file server on 127.0.0.1 with byte ranges, validators and per-path fault
 * injection, for the demo, the tests and the benchmarks. One virtual thread per exchange.
 *
 * <pre>{@code
 * try (var server = RangeServer.builder().latency(Duration.ofMillis(50)).build().start()) {
 *     server.add("/a.bin", Content.generated(1 << 20, 42));
 *     server.behave("/a.bin", Behaviour.builder().failFirst(1, 503).build());
 *     URI uri = server.uri("/a.bin");
 * }
 * }</pre>
 */
public final class RangeServer implements AutoCloseable {

    private static final int BACKLOG = 1024; // benchmarks open many connections at once
    private static final byte[] LOOPBACK = {127, 0, 0, 1};

    private enum State { NEW, RUNNING, CLOSED }

    private final Duration latency;
    private final int admitted;
    private final ConcurrentHashMap<String, Resource> resources = new ConcurrentHashMap<>();
    private final Traffic traffic = new Traffic();
    private final StopSignal stop = new StopSignal();
    private State state = State.NEW;
    private HttpServer http;
    private ExecutorService executor;

    private RangeServer(Builder builder) {
        this.latency = builder.latency;
        this.admitted = builder.admitted;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A started server with default options serving one file. */
    public static RangeServer start(String path, Content content) {
        return builder().build().add(path, content).start();
    }

    /** Binds an ephemeral port and starts serving. */
    public synchronized RangeServer start() {
        if (state != State.NEW) {
            throw new IllegalStateException("server is " + state);
        }
        // Read once, when the JVM's first HttpServer is made: small responses should not wait for
        // Nagle. The JDK's request/response time limits default to "forever" and its idle timeout only
        // touches idle connections, so long or stalled downloads are not cut by the server itself.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(LOOPBACK), 0), BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind 127.0.0.1", e);
        }
        executor = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(executor);
        http.createContext("/", new ExchangeHandler(resources::get, traffic, latency, admitted, stop));
        http.start();
        state = State.RUNNING;
        return this;
    }

    public synchronized int port() {
        if (state != State.RUNNING) {
            throw new IllegalStateException("server is " + state);
        }
        return http.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT/path}, the path percent-encoded as needed. */
    public URI uri(String path) {
        try {
            return new URI("http", null, "127.0.0.1", port(), normalize(path), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad path: " + path, e);
        }
    }

    /** Serves {@code content} at {@code path}, replacing (with new validators) whatever was there. */
    public RangeServer add(String path, Content content) {
        resource(path).replace(content);
        return this;
    }

    /** Installs {@code behaviour} for {@code path} and restarts its fault counters. */
    public RangeServer behave(String path, Behaviour behaviour) {
        resource(path).behave(behaviour);
        return this;
    }

    /** Forgets {@code path}: it answers 404 from now on. */
    public RangeServer remove(String path) {
        resources.remove(normalize(path));
        return this;
    }

    /** What {@code path} serves now (it moves on after a {@code changeAfterRequests}). */
    public Optional<Content> content(String path) {
        return Optional.ofNullable(resources.get(normalize(path)))
                .map(Resource::version)
                .map(Version::content);
    }

    /** Finished exchanges since start or {@link #resetStats()}, in arrival order. */
    public List<RecordedRequest> requests() {
        return traffic.requests();
    }

    /**
     * The {@code Range} headers of every request that arrived, finished or not, in arrival order
     * (null for a request without one).
     */
    public List<String> rangesAsked() {
        return traffic.arrived().stream().map(Traffic.Request::range).toList();
    }

    /** Requests that arrived for {@code path}, finished or not. */
    public int requestCount(String path) {
        return traffic.requestCount(normalize(path));
    }

    /** Body bytes written for {@code path}, including those of cut or abandoned responses. */
    public long bytesSent(String path) {
        return traffic.bytesSent(normalize(path));
    }

    /** Body bytes written for all paths. */
    public long bytesSent() {
        return traffic.bytesSent();
    }

    /** The most requests in flight at once (arrival to response completion). */
    public int maxConcurrentRequests() {
        return traffic.maxConcurrent();
    }

    public int inFlight() {
        return traffic.inFlight();
    }

    public void resetStats() {
        traffic.reset();
    }

    /**
     * Waits until no request is in flight, for when the client gave up on a response and the
     * server has yet to notice. A complete response is recorded before the client can see its end.
     *
     * @return false on timeout
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return traffic.awaitIdle(timeout);
    }

    /** Stops at once: drops open connections, ends stalls and throttles, frees the port. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        boolean started = state == State.RUNNING;
        state = State.CLOSED;
        stop.stop();
        if (!started) {
            return;
        }
        http.stop(0);
        executor.shutdownNow();
        try {
            // Handlers only block on sockets (now closed) or on the stop signal: this is quick.
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "RangeServer[" + (state == State.RUNNING ? uri("/") : state) + "]";
    }

    private Resource resource(String path) {
        return resources.computeIfAbsent(normalize(path), p -> new Resource());
    }

    private static String normalize(String path) {
        Objects.requireNonNull(path, "path");
        return path.startsWith("/") ? path : "/" + path;
    }

    /** Options for a server; {@link #build()} does not start it. */
    public static final class Builder {
        private Duration latency = Duration.ZERO;
        private int admitted = Integer.MAX_VALUE;

        private Builder() {}

        /**
         * Serves at most {@code n} requests at once and answers 503 to any beyond (as nginx's
         * {@code limit_conn} does): a small mirror or a rate-limited API.
         */
        public Builder admitAtMost(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("admit at least one request, got " + n);
            }
            this.admitted = n;
            return this;
        }

        /** Delay before the response headers of every request. */
        public Builder latency(Duration latency) {
            Objects.requireNonNull(latency, "latency");
            if (latency.isNegative()) {
                throw new IllegalArgumentException("negative latency: " + latency);
            }
            this.latency = latency;
            return this;
        }

        public RangeServer build() {
            return new RangeServer(this);
        }

        /** {@code build().start()}. */
        public RangeServer start() {
            return build().start();
        }
    }
}
