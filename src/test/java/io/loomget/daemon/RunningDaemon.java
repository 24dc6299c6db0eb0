package io.loomget.daemon;

import io.loomget.RetryPolicy;
import io.loomget.Settings;
import io.loomget.testsupport.Poll;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A daemon in this JVM, listening on an ephemeral port of 127.0.0.1, for the protocol tests; its
 * output is kept to be read. {@link #close()} stops it as a signal would and waits for it.
 */
final class RunningDaemon implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("rpc: listening on http://127\\.0\\.0\\.1:(\\d+)/jsonrpc");

    final Path dir;
    final DaemonConfig config;
    private final Daemon daemon;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Thread thread;
    private volatile int exit = -1;
    final int port;

    /** A builder-like start: the config's port is ignored (always 0). */
    RunningDaemon(Path dir, DaemonConfig config, Settings settings, List<String> urls, String inputFile) {
        this.dir = dir;
        this.config = config;
        this.daemon = new Daemon(config, settings, new PrintWriter(out), new PrintWriter(err));
        this.thread = Thread.ofPlatform().name("daemon-under-test").start(() -> exit = daemon.run(urls, inputFile));
        var line = poll(() -> LISTENING.matcher(output()));
        this.port = Integer.parseInt(line.group(1));
    }

    static DaemonConfig config(String secret) {
        return new DaemonConfig(0, secret, false, false, 2L << 20, false, null, Duration.ZERO);
    }

    /** Quick retries and small splits, so that test files of a few MiB use several ranges. */
    static Settings settings(Path dir) {
        return Settings.builder().outputDir(dir).minSplitSize(64 << 10).connectionsPerFile(4)
                .retry(new RetryPolicy(2, Duration.ofMillis(20), Duration.ofMillis(100))).build();
    }

    static RunningDaemon start(Path dir, String secret) {
        return new RunningDaemon(dir, config(secret), settings(dir), List.of(), null);
    }

    RpcClient client() {
        return new RpcClient(port, config.secret());
    }

    String output() {
        synchronized (out) {
            return out.toString();
        }
    }

    String errors() {
        synchronized (err) {
            return err.toString();
        }
    }

    /** Stops it as SIGTERM does and waits; the exit code. */
    int stop() throws InterruptedException {
        daemon.stop();
        thread.join(Duration.ofSeconds(30));
        return exit;
    }

    boolean stopped() {
        return !thread.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private java.util.regex.Matcher poll(java.util.function.Supplier<java.util.regex.Matcher> matcher) {
        Poll.await("the daemon's listening line", Duration.ofSeconds(30), () -> matcher.get().find() || stopped());
        var m = matcher.get();
        if (!m.find()) {
            throw new AssertionError("the daemon ended without listening: " + output() + errors());
        }
        return m;
    }
}
