package io.loomget.nginx;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * nginx's process lifecycle: started in the foreground on a free port (retried when another process
 * wins the port, or without the echo module when that does not load), known to be up when it answers
 * with this start's token, stopped with SIGTERM and then SIGKILL.
 */
final class NginxProcess {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int PORT_ATTEMPTS = 8;

    /** A running nginx: its process, where it lives, its port, whether {@code /slow/} is on, its output file. */
    record Launched(Process process, Path prefix, int port, int tlsPort, boolean slow, Path output) {}

    private NginxProcess() {}

    static Launched start(Path dir, NginxOptions options) throws IOException {
        var installation = NginxInstallation.require();
        var prefix = dir.toAbsolutePath().normalize();
        NginxConfig.checkPathForConfig(prefix);
        for (var sub : List.of("conf", "logs", "temp", "docroot")) {
            Files.createDirectories(prefix.resolve(sub));
        }
        var echoModule = options.echo() ? installation.echoModule() : Optional.<Path>empty();
        var failures = new ArrayList<String>();
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port = freePort();
            int tlsPort = options.tls() == null ? 0 : freePort();
            var started = tryStart(installation, prefix, port, tlsPort, options, echoModule, attempt);
            if (started instanceof Started.Up(var launched)) {
                return launched;
            }
            var failed = (Started.Failed) started;
            failures.add("attempt " + attempt + " on port " + port + ": " + failed.output());
            if (failed.echoDidNotLoad() && echoModule.isPresent()) {
                // Installed but not loadable (another nginx's build): go on without /slow/.
                System.err.println("NginxServer: " + echoModule.get() + " does not load; /slow/ is unavailable");
                echoModule = Optional.empty();
            } else if (!failed.portTaken()) {
                break;
            }
        }
        throw new IllegalStateException("nginx (" + installation.binary() + ") did not start in " + prefix
                + "\n" + String.join("\n", failures));
    }

    private sealed interface Started {
        record Up(Launched launched) implements Started {}

        record Failed(String output, boolean portTaken, boolean echoDidNotLoad) implements Started {}
    }

    private static Started tryStart(NginxInstallation installation, Path prefix, int port, int tlsPort, NginxOptions options,
                                    Optional<Path> echoModule, int attempt) throws IOException {
        var token = UUID.randomUUID().toString();
        var conf = prefix.resolve("conf/nginx.conf");
        Files.writeString(conf, NginxConfig.render(NginxConfig.readTemplate(), prefix, port, tlsPort, token, options, echoModule,
                NginxConfig.isRoot(prefix)));
        var output = prefix.resolve("logs/nginx-" + attempt + ".out");
        var errorLog = prefix.resolve("logs/error.log");
        long errorLogBefore = Files.exists(errorLog) ? Files.size(errorLog) : 0; // earlier attempts' lines
        var command = new ArrayList<String>(List.of(installation.binary().toString(),
                "-p", prefix + "/", "-c", conf.toString()));
        if (installation.hasErrorLogOption()) {
            // Errors before the config is read (nginx -e, 1.19.5+) go to the prefix too, not /var/log.
            command.addAll(List.of("-e", prefix.resolve("logs/error.log").toString()));
        }
        command.addAll(List.of("-g", "daemon off; master_process off;"));
        var process = new ProcessBuilder(command)
                .directory(prefix.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    process.waitFor();
                    var text = tail(output) + tailFrom(errorLog, errorLogBefore);
                    boolean portTaken = text.contains("Address already in use") || text.contains("(98:");
                    boolean echoFailed = echoModule.isPresent()
                            && text.contains(echoModule.get().getFileName().toString())
                            && text.contains("emerg");
                    return new Started.Failed("exit " + process.exitValue() + ": " + text.strip(),
                            portTaken, echoFailed);
                }
                switch (probe(port, token)) {
                    case OURS -> {
                        return new Started.Up(new Launched(process, prefix, port, tlsPort, echoModule.isPresent(), output));
                    }
                    case SOMEONE_ELSE -> {
                        // Another server has the port: ours will give up binding it, and we retry.
                        stop(process);
                        return new Started.Failed("port " + port + " answered by another server", true, false);
                    }
                    case NOTHING -> Thread.sleep(10);
                }
            }
            stop(process);
            return new Started.Failed("not ready after " + START_TIMEOUT.toSeconds() + " s: " + tail(output), false, false);
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting nginx", e);
        } catch (RuntimeException | Error e) {
            stop(process);
            throw e;
        }
    }

    private enum Readiness { NOTHING, OURS, SOMEONE_ELSE }

    /** One HTTP/1.0 request to {@code /__harness}: does this port answer, and with our token? */
    private static Readiness probe(int port, String token) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            socket.setSoTimeout(1_000);
            socket.getOutputStream().write(("GET /__harness HTTP/1.0\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            var answer = new String(socket.getInputStream().readNBytes(64 * 1024), StandardCharsets.ISO_8859_1);
            return answer.startsWith("HTTP/1.") && answer.contains(token) ? Readiness.OURS : Readiness.SOMEONE_ELSE;
        } catch (IOException notYet) {
            return Readiness.NOTHING;
        }
    }

    /** A port nobody listens on right now; nginx may still lose it to a race, then we retry. */
    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }


    static void stop(Process process) {
        // Interrupts are held back until nginx is gone: a half-stopped nginx is worse than a late interrupt.
        boolean[] interrupted = {Thread.interrupted()};
        try {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!waitFor(process, STOP_TIMEOUT, interrupted)) {
                process.destroyForcibly();
                if (!waitFor(process, STOP_TIMEOUT, interrupted)) {
                    throw new IllegalStateException("nginx " + process.pid() + " does not exit");
                }
            }
        } finally {
            if (interrupted[0]) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean waitFor(Process process, Duration timeout, boolean[] interrupted) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted[0] = true;
            }
        }
    }

    static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())) + "\n";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")\n";
        }
    }

    /** What was appended to {@code file} after {@code offset}, last lines only. */
    private static String tailFrom(Path file, long offset) {
        try (var ch = java.nio.channels.FileChannel.open(file)) {
            var bytes = new java.io.ByteArrayOutputStream();
            var buffer = java.nio.ByteBuffer.allocate(8192);
            for (long pos = offset; ch.read(buffer.clear(), pos) > 0; pos += buffer.position()) {
                bytes.write(buffer.array(), 0, buffer.position());
            }
            var lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())) + "\n";
        } catch (NoSuchFileException none) {
            return "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")\n";
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }
}
