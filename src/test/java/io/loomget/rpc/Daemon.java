package io.loomget.rpc;

import io.loomget.testsupport.Prerequisites;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The two aria2-compatible daemons the RPC tests drive, as real processes: {@code aria2c --enable-rpc},
 * the reference that proves each test, and loomget's shaded jar with {@code --enable-rpc}, the subject.
 */
public enum Daemon {

    ARIA2C("aria2c") {
        @Override
        Running start(Path dir, String secret, List<String> extra, Path log) throws IOException, InterruptedException {
            Prerequisites.require("aria2c (apt package aria2)", onPath("aria2c"));
            // aria2c cannot be told to pick a port; a port just released by the kernel is free enough on loopback.
            int port;
            try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            var command = new ArrayList<>(List.of("aria2c", "--no-conf", "--enable-rpc", "--rpc-listen-port=" + port,
                    "--rpc-secret=" + secret, "-d", dir.toString(), "--rpc-allow-origin-all", "--console-log-level=warn",
                    "--summary-interval=0"));
            command.addAll(extra);
            var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            awaitListening(process, port, log);
            return new Running(this, process, port, secret, dir, log);
        }
    },

    LOOMGET("loomget") {
        private static final Pattern READY = Pattern.compile("rpc: listening on http://127\\.0\\.0\\.1:(\\d+)/jsonrpc");

        @Override
        Running start(Path dir, String secret, List<String> extra, Path log) throws IOException, InterruptedException {
            var jar = Path.of(System.getProperty("loomget.jar", "target/loomget.jar")).toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                throw new AssertionError(jar + " is missing: the RPC tests run in Maven's integration-test phase, after package");
            }
            var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-preview", "-jar", jar.toString(), "--enable-rpc", "--rpc-listen-port=0", "-d", dir.toString(),
                    "--rpc-secret=" + secret, "--rpc-allow-origin-all"));
            command.addAll(extra);
            var process = new ProcessBuilder(command).redirectError(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            var port = new CompletableFuture<Integer>();
            // stdout is read to its end on a thread of its own, so the daemon never blocks on a full pipe.
            Thread.ofVirtual().start(() -> readStdout(process, log.resolveSibling(log.getFileName() + ".stdout"), port));
            try {
                return new Running(this, process, port.get(60, TimeUnit.SECONDS), secret, dir, log);
            } catch (TimeoutException | ExecutionException e) {
                process.destroyForcibly();
                throw new AssertionError("loomget --enable-rpc printed no 'rpc: listening on' line in 60 s; stderr:\n"
                        + Files.readString(log), e);
            }
        }

        private void readStdout(Process process, Path copy, CompletableFuture<Integer> port) {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 var out = Files.newBufferedWriter(copy)) {
                for (String line; (line = in.readLine()) != null; ) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    var ready = READY.matcher(line.strip());
                    if (ready.matches()) {
                        port.complete(Integer.parseInt(ready.group(1)));
                    }
                }
                port.completeExceptionally(new IOException("stdout closed before the ready line"));
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        }
    };

    private final String label;

    Daemon(String label) {
        this.label = label;
    }

    /** Starts the daemon, serving into {@code dir}; returns once it accepts connections. Its output goes to {@code log}. */
    abstract Running start(Path dir, String secret, List<String> extra, Path log) throws IOException, InterruptedException;

    @Override
    public String toString() {
        return label;
    }

    /** The daemons named by {@code -Dloomget.rpc.daemons} (default: both, aria2c first). */
    static List<Daemon> underTest() {
        return Arrays.stream(System.getProperty("loomget.rpc.daemons", "aria2c,loomget").split(","))
                .map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> valueOf(s.toUpperCase(Locale.ROOT))).toList();
    }

    static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    private static void awaitListening(Process process, int port, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                    process.destroyForcibly();
                    throw new AssertionError("the daemon never listened on port " + port + ":\n" + Files.readString(log));
                }
                Thread.sleep(20); // the pause between two connection attempts
            }
        }
    }

    /** A started daemon; closing it stops the process (SIGTERM, then SIGKILL after 10 s). */
    public record Running(Daemon kind, Process process, int port, String secret, Path dir, Path log) implements AutoCloseable {

        /** Waits for the process to end by itself (after {@code aria2.shutdown}); its exit code. */
        int awaitExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(kind + " still runs " + timeout.toSeconds() + " s after shutdown");
            }
            return process.exitValue();
        }

        String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
