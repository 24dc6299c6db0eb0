package io.loomget.daemon;

import io.loomget.ByteSize;
import io.loomget.Hooks;
import io.loomget.Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * The "Daemon (aria2 RPC)" section of {@code --help}: aria2's flag names and defaults. Nothing here
 * loads the web server; only {@link #run} does, so a plain download starts as fast as before.
 */
public final class RpcOptions {

    /** Where the secret may come from without showing in {@code ps}. */
    static final String SECRET_VARIABLE = "LOOMGET_RPC_SECRET";

    @Option(names = "--enable-rpc", arity = "0..1", paramLabel = "true|false", order = 1,
            description = "Run as a daemon driven by aria2's JSON-RPC (HTTP and WebSocket on /jsonrpc) instead of "
                    + "downloading and exiting; the other options are the defaults of every download.")
    boolean enabled;

    @Option(names = "--rpc-listen-port", paramLabel = "PORT", defaultValue = "6800", order = 2,
            description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--rpc-secret", paramLabel = "SECRET", order = 3,
            description = "Secret every call must give as its first parameter, \"token:SECRET\" (visible in ps: "
                    + "prefer --rpc-secret-file or " + SECRET_VARIABLE + ").")
    String secret;

    @Option(names = "--rpc-secret-file", paramLabel = "FILE", order = 4,
            description = "Read the secret from the first line of FILE.")
    Path secretFile;

    @Option(names = "--rpc-listen-all", arity = "0..1", paramLabel = "true|false", order = 5,
            description = "Listen on every IPv4 interface instead of 127.0.0.1 and [::1] only; needs a secret.")
    boolean listenAll;

    @Option(names = "--rpc-allow-origin-all", arity = "0..1", paramLabel = "true|false", order = 6,
            description = "Let web pages of any origin call it (CORS and WebSocket Origin); needed by AriaNg.")
    boolean allowOriginAll;

    @Option(names = "--rpc-max-request-size", paramLabel = "SIZE", defaultValue = "2M",
            order = 7, description = "Largest request (HTTP body or WebSocket message) (default: ${DEFAULT-VALUE}).")
    String maxRequestSize;

    @Option(names = "--rpc-allow-any-dir", arity = "0..1", paramLabel = "true|false", order = 8,
            description = "Let a dir given over RPC be outside -d (by default it must be inside -d).")
    boolean allowAnyDir;

    @Option(names = "--save-session", paramLabel = "FILE", order = 9,
            description = "Save unfinished downloads to FILE (aria2's input format) on shutdown, on aria2.saveSession "
                    + "and every --save-session-interval; -i FILE restores them.")
    Path saveSession;

    @Option(names = "--save-session-interval", paramLabel = "SECONDS", defaultValue = "0", order = 10,
            description = "Also save the session every SECONDS, 0 for never (default: ${DEFAULT-VALUE}).")
    int saveSessionInterval;

    public boolean enabled() {
        return enabled;
    }

    /** @throws IllegalArgumentException for options that cannot be used together (a usage error) */
    public void check() {
        config();
    }

    /** Runs the daemon until a signal or {@code aria2.shutdown}; returns the exit code. */
    public int run(Settings settings, Hooks hooks, List<String> urls, String inputFile, PrintWriter out, PrintWriter err) {
        var daemon = new Daemon(config(), settings, hooks, out, err);
        // SIGHUP too (the terminal it ran in went away), as aria2 does: the JVM's own handling would exit
        // at once with 129 and no session saved. A signal ignored at start (nohup) stays ignored.
        for (var name : new String[] {"INT", "TERM", "HUP"}) {
            try {
                Signal.handle(new Signal(name), signal -> daemon.stop()); // a clean stop: session saved, exit 0
            } catch (IllegalArgumentException unavailable) {
                // no SIGHUP on Windows: the JVM's default handling stays
            }
        }
        return daemon.run(urls, inputFile);
    }

    DaemonConfig config() {
        return new DaemonConfig(port, secret(), listenAll, allowOriginAll, maxRequestSize(), allowAnyDir, saveSession,
                Duration.ofSeconds(saveSessionInterval));
    }

    private long maxRequestSize() {
        try {
            return ByteSize.parse(maxRequestSize);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--rpc-max-request-size: " + e.getMessage(), e);
        }
    }

    private String secret() {
        if (secret != null && secretFile != null) {
            throw new IllegalArgumentException("give the secret once: --rpc-secret or --rpc-secret-file, not both");
        }
        if (secret != null) {
            // An empty secret would mean none, as in aria2: a daemon anyone could drive, though its user asked
            // for a secret ("--rpc-secret $SECRET" with the variable unset).
            if (secret.isEmpty()) {
                throw new IllegalArgumentException("--rpc-secret is empty: give the secret, or leave the option out for none");
            }
            return secret;
        }
        if (secretFile != null) {
            String first;
            try (var lines = Files.lines(secretFile, StandardCharsets.UTF_8)) {
                first = lines.findFirst().map(String::strip).orElse("");
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new IllegalArgumentException("cannot read --rpc-secret-file " + secretFile + ": " + e.getMessage(), e);
            }
            // An empty secret would mean none: a daemon anyone could drive, though its user asked for a secret.
            if (first.isEmpty()) {
                throw new IllegalArgumentException("--rpc-secret-file " + secretFile + ": its first line is empty; put the secret there");
            }
            return first;
        }
        return System.getenv(SECRET_VARIABLE);
    }
}
