package io.loomget.bench;

import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's {@link RangeServer}, serving {@code files} generated files {@code /f/00000.bin ...}
 * (file {@code i} has seed {@code i}; nothing is ever on disk), either in the benchmark's own JVM
 * or in a child JVM.
 *
 * <p>Why a child JVM at all: with the server in-process every connection costs the fork two file
 * descriptors (both ends of the socket), and the hard limit here is 20,000, so 10,000 concurrent
 * downloads cannot even be opened. In a child process the fork pays for the client's end only, and
 * its allocation rate, peak RSS and thread count are the client's alone instead of client plus
 * server. The traffic is the same loopback TCP either way.
 */
public sealed interface FileServer extends AutoCloseable {

    /** Where the server runs: {@code process} (a child JVM) or {@code inproc} (this JVM). */
    static FileServer start(String where, int files, long fileSize, Duration latency) {
        return switch (where.toLowerCase(Locale.ROOT)) {
            case "inproc" -> new InProcess(files, fileSize, latency);
            case "process" -> new Child(files, fileSize, latency);
            default -> throw new IllegalArgumentException("server must be process or inproc, not " + where);
        };
    }

    static String path(int i) {
        return String.format(Locale.ROOT, "/f/%05d.bin", i);
    }

    /** What the server saw since the last {@link #resetStats()}. */
    record Stats(int peakConcurrentRequests, int requests, long bodyBytes) {}

    List<URI> uris();

    /** CPU time the server's own process has used so far; zero when it shares this JVM. */
    Duration cpuTime();

    void resetStats();

    Stats stats();

    @Override
    void close();

    private static RangeServer serve(int files, long fileSize, Duration latency) {
        var server = RangeServer.builder().latency(latency).build().start();
        for (int i = 0; i < files; i++) {
            server.add(path(i), Content.generated(fileSize, i));
        }
        return server;
    }

    private static List<URI> uriList(URI base, int files) {
        var list = new ArrayList<URI>(files);
        for (int i = 0; i < files; i++) {
            list.add(base.resolve(path(i)));
        }
        return List.copyOf(list);
    }

    private static Stats stats(RangeServer server) {
        return new Stats(server.maxConcurrentRequests(), server.requests().size(), server.bytesSent());
    }

    /** The server in this JVM. */
    final class InProcess implements FileServer {
        private final RangeServer server;
        private final List<URI> uris;

        InProcess(int files, long fileSize, Duration latency) {
            server = serve(files, fileSize, latency);
            uris = uriList(server.uri("/"), files);
        }

        @Override
        public List<URI> uris() {
            return uris;
        }

        @Override
        public Duration cpuTime() {
            return Duration.ZERO;
        }

        @Override
        public void resetStats() {
            server.resetStats();
        }

        @Override
        public Stats stats() {
            return FileServer.stats(server);
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /**
     * The server in a child JVM (same java, same class path), driven by lines on its stdin:
     * {@code reset}, {@code stats}. It exits when its stdin closes, so it cannot outlive the fork.
     */
    final class Child implements FileServer {
        private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

        private final Process process;
        private final BufferedReader replies;
        private final PrintWriter commands;
        private final List<URI> uris;

        Child(int files, long fileSize, Duration latency) {
            var java = ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // 10,000 concurrent 1 MiB responses hold ~1 GiB of the JDK server's buffers; an OOM ends the
            // server (the client then fails its files) rather than leave it thrashing in GC.
            var command = List.of(java, "--enable-preview", "-Xmx4g", "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError",
                    "-cp", System.getProperty("java.class.path"), FileServer.class.getName(),
                    Integer.toString(files), Long.toString(fileSize), Long.toString(latency.toMillis()));
            try {
                process = new ProcessBuilder(command)
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the server JVM", e);
            }
            replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            commands = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII), true);
            try {
                var watchdog = Thread.ofPlatform().daemon().start(() -> {
                    try {
                        Thread.sleep(START_TIMEOUT);
                        process.destroyForcibly();
                    } catch (InterruptedException done) {
                        // started in time
                    }
                });
                var ready = replies.readLine();
                watchdog.interrupt();
                if (ready == null || !ready.startsWith("ready ")) {
                    throw new IllegalStateException("server JVM did not start: " + ready);
                }
                uris = uriList(URI.create(ready.substring("ready ".length())), files);
            } catch (IOException | RuntimeException e) {
                process.destroyForcibly();
                throw new IllegalStateException("server JVM did not start", e);
            }
        }

        private String ask(String command) {
            commands.println(command);
            try {
                var reply = replies.readLine();
                if (reply == null) {
                    throw new IllegalStateException("server JVM died (exit " + process.waitFor() + ")");
                }
                return reply;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public List<URI> uris() {
            return uris;
        }

        @Override
        public Duration cpuTime() {
            return process.info().totalCpuDuration().orElse(Duration.ZERO);
        }

        @Override
        public void resetStats() {
            ask("reset");
        }

        @Override
        public Stats stats() {
            var f = ask("stats").split(" ");
            return new Stats(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]));
        }

        @Override
        public void close() {
            commands.close(); // EOF: the child closes its server and exits
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

    /** The child JVM: {@code FileServer FILES SIZE LATENCY_MS}. */
    static void main(String[] args) throws IOException {
        int files = Integer.parseInt(args[0]);
        long size = Long.parseLong(args[1]);
        var latency = Duration.ofMillis(Long.parseLong(args[2]));
        var out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.US_ASCII), true);
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        try (var server = serve(files, size, latency)) {
            out.println("ready " + server.uri("/"));
            for (String line; (line = in.readLine()) != null; ) {
                switch (line.trim()) {
                    case "reset" -> {
                        server.resetStats();
                        out.println("ok");
                    }
                    case "stats" -> {
                        var s = stats(server);
                        out.println(s.peakConcurrentRequests() + " " + s.requests() + " " + s.bodyBytes());
                    }
                    default -> out.println("unknown " + line);
                }
            }
        }
    }
}
