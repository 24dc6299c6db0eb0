package io.loomget.nginx;

import io.loomget.testsupport.Prerequisites;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** The template on the test class path. */
    static final String TEMPLATE = "/nginx/nginx.conf.template";

    private static final String DEFAULT_ECHO_MODULE = "ngx_http_echo_module.so";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int PORT_ATTEMPTS = 8;
    private static final Pattern PLACEHOLDER = Pattern.compile("@@([A-Z_]+)@@");

    /** What can be changed per instance. */
    public record Options(String capRate, Duration slowLatency, boolean echo) {

        public static final Options DEFAULTS = new Options("256k", Duration.ofMillis(300), true);

        public Options {
            if (!capRate.matches("[0-9]+[kKmM]?")) {
                throw new IllegalArgumentException("limit_rate wants a size like 256k, not " + capRate);
            }
            if (slowLatency.isNegative()) {
                throw new IllegalArgumentException("negative latency");
            }
        }

        public Options withCapRate(String rate) {
            return new Options(rate, slowLatency, echo);
        }

        public Options withSlowLatency(Duration latency) {
            return new Options(capRate, latency, echo);
        }

        /** Without the echo module even when it is installed (no {@code /slow/}). */
        public Options withoutEcho() {
            return new Options(capRate, slowLatency, false);
        }
    }

    /** One access-log line, as written by the template's {@code loomget} log format. */
    public record AccessLogEntry(double endSeconds, double requestSeconds, long connection, int connectionRequests,
                                 int status, long bodyBytesSent, String range, String request) {

        /** The line as nginx wrote it; throws on a line of another format. */
        public static AccessLogEntry parse(String line) {
            var f = line.split("\t", -1);
            if (f.length != 8) {
                throw new IllegalArgumentException("not a loomget access-log line: " + line);
            }
            return new AccessLogEntry(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Long.parseLong(f[2]),
                    Integer.parseInt(f[3]), Integer.parseInt(f[4]), Long.parseLong(f[5]),
                    f[6].equals("-") ? null : f[6], f[7]);
        }

        /** The method of the request line ({@code GET}). */
        public String method() {
            return request.split(" ", 2)[0];
        }

        /** The request target as sent, e.g. {@code /files/a.bin}. */
        public String path() {
            var parts = request.split(" ");
            return parts.length >= 2 ? parts[1] : "";
        }

        public boolean hasRange() {
            return range != null;
        }

        /** When nginx started reading the request (its end minus its duration), in epoch seconds. */
        public double startSeconds() {
            return endSeconds - requestSeconds;
        }
    }

    private final Process process;
    private final Path prefix;
    private final Path docroot;
    private final Path accessLog;
    private final Path errorLog;
    private final Path output;
    private final int port;
    private final boolean slow;
    private final Thread reaper;
    private boolean closed;

    private NginxServer(Process process, Path prefix, int port, boolean slow, Path output) {
        this.process = process;
        this.prefix = prefix;
        this.docroot = prefix.resolve("docroot");
        this.accessLog = prefix.resolve("logs/access.log");
        this.errorLog = prefix.resolve("logs/error.log");
        this.output = output;
        this.port = port;
        this.slow = slow;
        // A test JVM that dies without close() must not leave an nginx behind.
        this.reaper = new Thread(() -> process.destroyForcibly(), "nginx-reaper-" + process.pid());
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts nginx with the default options in {@code dir} (usually a {@code @TempDir}). */
    public static NginxServer start(Path dir) throws IOException {
        return start(dir, Options.DEFAULTS);
    }

    /**
     * Starts nginx in {@code dir} and returns once it answers on its port. Skips the calling test
     * when nginx is not installed (fails instead under {@code CI=true}).
     */
    public static NginxServer start(Path dir, Options options) throws IOException {
        var installation = Installation.require();
        var prefix = dir.toAbsolutePath().normalize();
        checkPathForConfig(prefix);
        for (var sub : List.of("conf", "logs", "temp", "docroot")) {
            Files.createDirectories(prefix.resolve(sub));
        }
        var echoModule = options.echo() ? installation.echoModule() : Optional.<Path>empty();
        var failures = new ArrayList<String>();
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port = freePort();
            var started = tryStart(installation, prefix, port, options, echoModule, attempt);
            if (started instanceof Started.Up(var server)) {
                return server;
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
        record Up(NginxServer server) implements Started {}

        record Failed(String output, boolean portTaken, boolean echoDidNotLoad) implements Started {}
    }

    private static Started tryStart(Installation installation, Path prefix, int port, Options options,
                                    Optional<Path> echoModule, int attempt) throws IOException {
        var token = UUID.randomUUID().toString();
        var conf = prefix.resolve("conf/nginx.conf");
        Files.writeString(conf, render(readTemplate(), prefix, port, token, options, echoModule, isRoot(prefix)));
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
                        return new Started.Up(new NginxServer(process, prefix, port, echoModule.isPresent(), output));
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

    static String readTemplate() throws IOException {
        try (InputStream in = NginxServer.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new NoSuchFileException("class path resource " + TEMPLATE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The template with its placeholders filled and its {@code #root#}/{@code #echo#} lines switched on or left out. */
    static String render(String template, Path prefix, int port, String token, Options options,
                         Optional<Path> echoModule, boolean root) throws IOException {
        // Only read when root: then the user is who owns the prefix (root, or whom it was made for).
        var attributes = Files.readAttributes(prefix, PosixFileAttributes.class);
        var values = new java.util.HashMap<String, String>();
        values.put("PREFIX", prefix.toString());
        values.put("DOCROOT", prefix.resolve("docroot").toString());
        values.put("PORT", Integer.toString(port));
        values.put("TOKEN", token);
        values.put("CAP_RATE", options.capRate());
        values.put("SLOW_SECONDS", String.format(Locale.ROOT, "%.3f", options.slowLatency().toMillis() / 1000.0));
        values.put("USER", attributes.owner().getName());
        values.put("GROUP", attributes.group().getName());
        values.put("ECHO_MODULE", echoModule.map(Path::toString).orElse(""));
        var out = new StringBuilder();
        for (var line : template.split("\n", -1)) {
            var trimmed = line.stripLeading();
            var indent = line.substring(0, line.length() - trimmed.length());
            if (trimmed.startsWith("#root# ")) {
                if (!root) {
                    continue;
                }
                line = indent + trimmed.substring("#root# ".length());
            } else if (trimmed.startsWith("#echo# ")) {
                if (echoModule.isEmpty()) {
                    continue;
                }
                line = indent + trimmed.substring("#echo# ".length());
            }
            out.append(line).append('\n');
        }
        Matcher m = PLACEHOLDER.matcher(out);
        var filled = new StringBuilder();
        while (m.find()) {
            var value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("unknown placeholder " + m.group() + " in " + TEMPLATE);
            }
            m.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        m.appendTail(filled);
        return filled.toString();
    }

    /** Whether this process runs as root: the owner of a file it has just created tells. */
    static boolean isRoot(Path dir) throws IOException {
        var probe = Files.createTempFile(dir, "uid", ".tmp");
        try {
            return ((Number) Files.getAttribute(probe, "unix:uid")).intValue() == 0;
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** The paths go into quoted config strings and some directives expand variables: keep them plain. */
    private static void checkPathForConfig(Path prefix) {
        var s = prefix.toString();
        if (s.chars().anyMatch(c -> c == '"' || c == '\\' || c == '$' || c == '{' || c == ';' || c < 0x20)) {
            throw new IllegalArgumentException("nginx prefix has characters the config cannot quote: " + s);
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** {@code http://127.0.0.1:PORT/path}; {@code path} starts with a slash or gets one. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + (path.startsWith("/") ? path : "/" + path));
    }

    /** A docroot file under {@code /files/}. */
    public URI files(String name) {
        return uri("/files/" + name);
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
        try {
            return Files.exists(accessLog) ? Files.readAllLines(accessLog, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The access log parsed. */
    public List<AccessLogEntry> entries() {
        return accessLog().stream().filter(l -> !l.isBlank()).map(AccessLogEntry::parse).toList();
    }

    /** The entries whose request target is {@code path} (e.g. {@code /files/a.bin}). */
    public List<AccessLogEntry> entries(String path) {
        return entries().stream().filter(e -> e.path().equals(path)).toList();
    }

    /**
     * Waits until the access log satisfies {@code condition} and returns it; fails after {@code timeout}.
     * Needed because a request the client cut short is logged when nginx notices, a moment later.
     */
    public List<AccessLogEntry> awaitEntries(Predicate<List<AccessLogEntry>> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            var entries = entries();
            if (condition.test(entries)) {
                return entries;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("access log did not reach the expected state within " + timeout
                        + ":\n" + String.join("\n", accessLog()));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** Empties the access log (nginx appends, so it goes on writing at the new end). */
    public void clearAccessLog() throws IOException {
        Files.write(accessLog, new byte[0]);
    }

    /** The last lines of nginx's error log and output, for failure messages. */
    public String diagnostics() {
        return "error.log:\n" + tail(errorLog) + "\noutput:\n" + tail(output);
    }

    /** Stops nginx (SIGTERM, then SIGKILL if it lingers) and waits until the process is gone. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private static void stop(Process process) {
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

    private static String tail(Path file) {
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

    // ---------------------------------------------------------------------------------------------

    /** Where nginx and its echo module are on this machine. */
    record Installation(Path binary, String version, Optional<Path> echoModule) {

        /** Where nginx lives when it is not on the PATH (Debian puts it in /usr/sbin, not on a user's PATH). */
        static final List<Path> STANDARD_DIRS = List.of(Path.of("/usr/sbin"), Path.of("/usr/local/sbin"),
                Path.of("/usr/local/nginx/sbin"), Path.of("/sbin"));

        private static Installation cached;

        /** The installation, or a skipped test (a failed one under {@code CI=true}). */
        static synchronized Installation require() {
            if (cached == null) {
                cached = require(findBinary(System.getenv(), STANDARD_DIRS), onCi(System.getenv("CI")));
            }
            return cached;
        }

        /** Without a binary: a skipped test, or under CI a failure, because CI must install nginx. */
        static Installation require(Optional<Path> binary, boolean ci) {
            if (binary.isEmpty()) {
                var message = "nginx is not installed (looked at $NGINX, $PATH, " + STANDARD_DIRS + ");"
                        + " install nginx and libnginx-mod-http-echo to run the nginx integration tests";
                Prerequisites.require(message, false, ci);
            }
            return inspect(binary.get());
        }

        static boolean onCi(String ciVariable) {
            return Prerequisites.onCi(ciVariable);
        }

        /** {@code -e} (error log before the config is read) exists since nginx 1.19.5. */
        boolean hasErrorLogOption() {
            var m = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)").matcher(version);
            if (!m.find()) {
                return false;
            }
            int major = Integer.parseInt(m.group(1));
            int minor = Integer.parseInt(m.group(2));
            int patch = Integer.parseInt(m.group(3));
            return major > 1 || minor > 19 || (minor == 19 && patch >= 5);
        }

        /** {@code $NGINX} if set, else the first {@code nginx} on {@code $PATH} or in {@code dirs}. */
        static Optional<Path> findBinary(Map<String, String> env, List<Path> dirs) {
            var explicit = env.get("NGINX");
            if (explicit != null && !explicit.isBlank()) {
                var p = Path.of(explicit);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
                throw new IllegalStateException("NGINX=" + explicit + " is not an executable");
            }
            var candidates = new ArrayList<Path>();
            for (var dir : env.getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir, "nginx"));
                }
            }
            dirs.forEach(dir -> candidates.add(dir.resolve("nginx")));
            return candidates.stream().filter(Files::isRegularFile).filter(Files::isExecutable).findFirst();
        }

        /** {@code nginx -V}: the version and where it looks for dynamic modules. */
        private static Installation inspect(Path binary) {
            String info;
            try {
                var process = new ProcessBuilder(binary.toString(), "-V").redirectErrorStream(true).start();
                info = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + binary + " -V", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            var version = info.lines().filter(l -> l.startsWith("nginx version:")).findFirst().orElse("");
            return new Installation(binary, version, findEchoModule(info));
        }

        private static Optional<Path> findEchoModule(String nginxV) {
            var env = System.getenv("NGINX_ECHO_MODULE");
            if (env != null) {
                return env.isBlank() ? Optional.empty() : Optional.of(Path.of(env)).filter(Files::isReadable);
            }
            var dirs = new ArrayList<Path>();
            var m = Pattern.compile("--modules-path=(\\S+)").matcher(nginxV);
            if (m.find()) {
                dirs.add(Path.of(m.group(1)));
            }
            for (var dir : List.of("/usr/lib/nginx/modules", "/usr/lib64/nginx/modules",
                    "/usr/share/nginx/modules", "/usr/local/nginx/modules", "/etc/nginx/modules")) {
                dirs.add(Path.of(dir));
            }
            return dirs.stream().map(d -> d.resolve(DEFAULT_ECHO_MODULE)).filter(Files::isReadable).findFirst();
        }
    }
}
