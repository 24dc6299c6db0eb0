package io.loomget.nginx;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A real nginx for integration tests, started as a child process in a directory of the test's
 * (a {@code @TempDir}): config, pid, logs and temp paths all live there, so it needs no root and
 * leaves nothing behind. It listens on 127.0.0.1 on a free ephemeral port and serves
 * {@link #docroot()}, which the test fills, under three locations:
 * <ul>
 *   <li>{@code /files/} plain static files (sendfile, keep-alive, Range);</li>
 *   <li>{@code /capped/} the same files with {@code limit_rate} per connection (256k by default);</li>
 *   <li>{@code /slow/} the same files after an {@code echo_sleep}, only when the echo module loads
 *       ({@link #hasSlow()}).</li>
 * </ul>
 * {@link #accessLog()} and {@link #entries()} show what nginx saw (request, status, Range, bytes).
 *
 * <p>When nginx is not installed the calling test is skipped (a JUnit assumption), except when the
 * environment says {@code CI=true}: there a missing nginx is a failure, because CI must install it.
 * Set {@code NGINX} to a binary, or {@code NGINX_ECHO_MODULE} to the module file, to override the lookup.
 */
public final class NginxServer implements AutoCloseable {

    private final Process process;
    private final Path prefix;
    private final Path docroot;
    private final AccessLog accessLog;
    private final Path errorLog;
    private final Path output;
    private final int port;
    private final int tlsPort;
    private final boolean slow;
    private final Thread reaper;
    private boolean closed;

    private NginxServer(NginxProcess.Launched launched) {
        this.process = launched.process();
        this.prefix = launched.prefix();
        this.docroot = prefix.resolve("docroot");
        this.accessLog = new AccessLog(prefix.resolve("logs/access.log"));
        this.errorLog = prefix.resolve("logs/error.log");
        this.output = launched.output();
        this.port = launched.port();
        this.tlsPort = launched.tlsPort();
        this.slow = launched.slow();
        // A test JVM that dies without close() must not leave an nginx behind.
        this.reaper = new Thread(() -> process.destroyForcibly(), "nginx-reaper-" + process.pid());
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts nginx with the default options in {@code dir} (usually a {@code @TempDir}). */
    public static NginxServer start(Path dir) throws IOException {
        return start(dir, NginxOptions.DEFAULTS);
    }

    /**
     * Starts nginx in {@code dir} and returns once it answers on its port. Skips the calling test
     * when nginx is not installed (fails instead under {@code CI=true}).
     */
    public static NginxServer start(Path dir, NginxOptions options) throws IOException {
        return new NginxServer(NginxProcess.start(dir, options));
    }

    /** {@code http://127.0.0.1:PORT/path}; {@code path} starts with a slash or gets one. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + (path.startsWith("/") ? path : "/" + path));
    }

    /** A docroot file under {@code /files/}. */
    public URI files(String name) {
        return uri("/files/" + name);
    }

    /**
     * A docroot file over https, {@code https://HOST:TLS_PORT/files/name}; only with {@link NginxOptions#withTls}.
     * {@code host} is how the URL names the server (127.0.0.1 or localhost), for certificates that name one of them.
     */
    public URI https(String host, String name) {
        if (tlsPort == 0) {
            throw new IllegalStateException("no https server: start with NginxOptions.withTls");
        }
        return URI.create("https://" + host + ":" + tlsPort + "/files/" + name);
    }

    /** The error log's lines (failed TLS handshakes are logged there, at level info). */
    public List<String> errorLog() {
        try {
            return java.nio.file.Files.readAllLines(errorLog);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A docroot file under {@code /capped/} (throttled per connection). */
    public URI capped(String name) {
        return uri("/capped/" + name);
    }

    /** A docroot file under {@code /slow/}; only with {@link #hasSlow()}. */
    public URI slow(String name) {
        if (!slow) {
            throw new IllegalStateException("/slow/ needs the echo module, which is not loaded");
        }
        return uri("/slow/" + name);
    }

    /** Whether {@code /slow/} exists (the echo module is installed and loaded). */
    public boolean hasSlow() {
        return slow;
    }

    /** The directory served under {@code /files/}, {@code /capped/} and {@code /slow/}; the test fills it. */
    public Path docroot() {
        return docroot;
    }

    public Path prefix() {
        return prefix;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** The access log's lines so far (nginx writes a line when a request ends). */
    public List<String> accessLog() {
        return accessLog.lines();
    }

    /** The access log parsed. */
    public List<AccessLogEntry> entries() {
        return accessLog.entries();
    }

    /** The entries whose request target is {@code path} (e.g. {@code /files/a.bin}). */
    public List<AccessLogEntry> entries(String path) {
        return accessLog.entries(path);
    }

    /** See {@link AccessLog#await}: a request the client cut short is logged a moment later. */
    public List<AccessLogEntry> awaitEntries(Predicate<List<AccessLogEntry>> condition, Duration timeout) {
        return accessLog.await(condition, timeout);
    }

    /** Empties the access log (nginx appends, so it goes on writing at the new end). */
    public void clearAccessLog() throws IOException {
        accessLog.clear();
    }

    /** The last lines of nginx's error log and output, for failure messages. */
    public String diagnostics() {
        return "error.log:\n" + NginxProcess.tail(errorLog) + "\noutput:\n" + NginxProcess.tail(output);
    }

    /** Stops nginx (SIGTERM, then SIGKILL if it lingers) and waits until the process is gone. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        NginxProcess.stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
