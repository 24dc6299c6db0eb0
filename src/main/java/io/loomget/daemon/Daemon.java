package io.loomget.daemon;

import io.loomget.DownloadQueue;
import io.loomget.Hooks;
import io.loomget.Links;
import io.loomget.Settings;
import io.loomget.internal.engine.Printable;
import io.loomget.internal.engine.Redaction;
import io.loomget.internal.io.InputText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code loomget --enable-rpc}: a {@link DownloadQueue} driven over aria2's JSON-RPC. Starts the
 * queue, restores {@code -i} (aria2's input format, {@code gid=} and {@code pause=} included), listens,
 * says where on one line, and runs until SIGINT, SIGTERM or {@code aria2.shutdown}; then stops the
 * server, lets the active downloads record their state and saves the session.
 */
final class Daemon {

    /** How long a wrong token is answered late (aria2 waits about as long). */
    static final Duration UNAUTHORIZED_DELAY = Duration.ofMillis(1500);
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(5);

    private final DaemonConfig config;
    private final Settings settings;
    private final Hooks hooks;
    private final PrintWriter out;
    private final PrintWriter err;
    private final CountDownLatch stop = new CountDownLatch(1);

    Daemon(DaemonConfig config, Settings settings, Hooks hooks, PrintWriter out, PrintWriter err) {
        this.config = config;
        this.settings = settings;
        this.hooks = hooks;
        this.out = out;
        this.err = err;
    }

    int run(List<String> urls, String inputFile) {
        ServerLogging.quiet();
        var announcer = new Announcer(out, hooks);
        try (var queue = new DownloadQueue(settings, announcer)) {
            announcer.follow(queue);
            var options = new Options(settings.outputDir(), config.allowAnyDir(), settings.netrc());
            // --limit-rate is the queue's overall limit; a download's own (max-download-limit) starts at none.
            var globals = new GlobalOptions(settings.toBuilder().limitRate(0).build(), options, queue, ownOptions());
            var session = config.saveSession() == null ? null : new SessionFile(config.saveSession(), queue, options, globals);
            var table = new MethodTable(new Token(config.secret(), UNAUTHORIZED_DELAY), text -> Gids.expand(queue, text));
            var downloads = new DownloadMethods(queue, options, globals);
            downloads.register(table);
            new StatusMethods(queue, new StatusStruct(options)).register(table);
            new DaemonMethods(globals, session, stop::countDown).register(table);
            try {
                RpcServer.checkFree(config);
            } catch (java.io.UncheckedIOException e) {
                say(err, "loomget: " + e.getMessage());
                return 1;
            }
            restore(queue, downloads, urls, inputFile);

            var envelope = new Envelope(table);
            var origins = new OriginPolicy(config.allowOriginAll(), config.listenAll());
            var requests = new Requests();
            var budget = new MemoryBudget(config.memoryBudget());
            var ws = new WsEndpoint(envelope, origins, requests, budget, config.maxRequestSize());
            var server = new RpcServer(config, new HttpEndpoint(envelope, origins, requests, budget, config.maxRequestSize()), ws);
            say(out, "rpc: listening on http://127.0.0.1:" + server.port() + HttpEndpoint.PATH);
            announcer.connect(ws::broadcast);
            var saver = session == null || config.saveSessionInterval().isZero() ? null
                    : Thread.ofVirtual().name("loomget-session").start(() -> saveEvery(session));
            stop.await();
            requests.awaitIdle(ANSWER_WAIT);
            server.close();
            if (saver != null) {
                saver.interrupt();
            }
            queue.close(); // active downloads record their state and go back to waiting: the session keeps them
            if (session != null) {
                save(session);
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /**
     * What {@code getGlobalOption} shows beside the download options: the daemon's own flags, and the
     * settings of its HTTP client and hooks, which all its downloads share. None of them changes while
     * it runs ({@code changeGlobalOption} ignores them, as aria2 ignores its own that cannot change;
     * aria2 could change {@code save-cookies}, loomget writes the cookies where it was told at start).
     * Paths without a value are listed empty when aria2 always lists them, else left out, as aria2 does.
     */
    private Map<String, String> ownOptions() {
        var own = new java.util.LinkedHashMap<String, String>();
        own.put("enable-rpc", "true");
        own.put("rpc-listen-port", Integer.toString(config.port()));
        own.put("rpc-listen-all", Boolean.toString(config.listenAll()));
        own.put("rpc-allow-origin-all", Boolean.toString(config.allowOriginAll()));
        own.put("rpc-max-request-size", Long.toString(config.maxRequestSize()));
        if (config.saveSession() != null) { // aria2 lists it only when set
            own.put("save-session", config.saveSession().toString());
        }
        own.put("save-session-interval", Long.toString(config.saveSessionInterval().toSeconds()));
        if (settings.proxy() != null) {
            own.put("all-proxy", settings.proxy());
        }
        own.put("ca-certificate", path(settings.caCertificate()));
        own.put("check-certificate", Boolean.toString(!settings.insecure()));
        own.put("netrc-path", path(settings.netrc()));
        if (hooks.onComplete() != null) {
            own.put("on-download-complete", String.join(" ", hooks.onComplete().command()));
        }
        if (hooks.onError() != null) {
            own.put("on-download-error", String.join(" ", hooks.onError().command()));
        }
        var files = new java.util.LinkedHashMap<String, Path>();
        files.put("certificate", settings.certificate());
        files.put("private-key", settings.privateKey());
        files.put("load-cookies", settings.loadCookies());
        files.put("save-cookies", settings.saveCookies());
        files.forEach((name, file) -> {
            if (file != null) {
                own.put(name, path(file));
            }
        });
        return own;
    }

    private static String path(Path file) {
        return file == null ? "" : file.toAbsolutePath().toString();
    }

    /** Asks the daemon to shut down (SIGINT, SIGTERM); {@link #run} returns once it has. */
    void stop() {
        stop.countDown();
    }

    /** The command line's URLs and the {@code -i} file's entries, added before the server listens. */
    private void restore(DownloadQueue queue, DownloadMethods downloads, List<String> urls, String inputFile) {
        var entries = new ArrayList<SessionFile.Entry>();
        urls.forEach(url -> entries.add(new SessionFile.Entry(List.of(url), Map.of(), Links.COMMAND_LINE)));
        if (inputFile != null) {
            // Not Files.newBufferedReader: it fails at the first byte that is not UTF-8, and the whole session with it.
            try (var reader = InputText.open(Path.of(inputFile))) {
                entries.addAll(SessionFile.read(reader, inputFile, problem -> say(err, "loomget: " + problem)));
            } catch (IOException e) {
                // The JDK's message for these is the path alone. The first run of a daemon started as the
                // README shows (-i FILE --save-session FILE) finds no session yet: it says so and goes on.
                var reason = switch (e) {
                    case java.nio.file.NoSuchFileException missing -> "no such file or directory";
                    case java.nio.file.AccessDeniedException denied -> "permission denied";
                    default -> e.getMessage();
                };
                say(err, "loomget: cannot read input file " + inputFile + ": " + reason + "; nothing restored from it");
            }
        }
        for (var entry : entries) {
            // a file's text must not drive the terminal
            var first = Printable.of(Redaction.redactText(entry.uris().getFirst()));
            try {
                var uris = DownloadMethods.uris(new ArrayList<>(entry.uris()));
                queue.add(downloads.addition(uris, entry.options()));
            } catch (RpcError e) {
                say(err, "loomget: " + entry.source() + ": " + Printable.of(e.detail == null ? e.getMessage() : e.detail)
                        + "; skipped " + first);
            } catch (IllegalArgumentException e) {
                say(err, "loomget: " + entry.source() + ": " + Printable.of(e.getMessage()) + "; skipped " + first);
            }
        }
    }

    private void saveEvery(SessionFile session) {
        try {
            while (true) {
                Thread.sleep(config.saveSessionInterval()); // a timer: nothing else to wait for
                save(session);
            }
        } catch (InterruptedException e) {
            // shutting down: the last save follows
        }
    }

    private void save(SessionFile session) {
        try {
            session.save();
        } catch (IOException e) {
            say(err, "loomget: cannot save session to " + session.path() + ": " + e.getMessage());
        }
    }

    private static void say(PrintWriter to, String line) {
        synchronized (to) {
            to.println(line);
            to.flush();
        }
    }
}
