package io.loomget.cli;

import io.loomget.Checksum;
import io.loomget.cli.demo.DemoFile;
import io.loomget.cli.demo.DemoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** Offline demo: the built-in range server on 127.0.0.1 serves generated files; loomget fetches and checks them. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the built-in range server on 127.0.0.1, download its files with the normal "
            + "engine and check every file's SHA-256. Needs no network.")
final class DemoCommand implements Callable<Integer> {

    /** Sizes that exercise the edges: empty, one byte, around a range boundary, and big enough to split. */
    private static final long[] SIZES = {0, 1, 1_048_575, 1_048_577, 10 * 1_048_576 + 3, 64L * 1_048_576};
    /**
     * Small files served after the demo's for the start-up cache's training: only a long list makes
     * loomget's per-file path hot enough for the cache's method profiles (JEP 515) to cover it, so that
     * the JIT of a long list starts from them (300 were not enough, 1,000 as good as 2,000:
     * bench/results/percall.md).
     */
    private static final int TRAINING_FILES = 1_000;
    private static final long TRAINING_FILE_SIZE = 16 * 1024;
    /**
     * Served over TLS when the training is for https runs (bench/results/memory.md): the demo's files of
     * up to {@link #TLS_TRAINING_MAX_SIZE} bytes, and {@link #TLS_TRAINING_FILES} files of
     * {@link #TLS_TRAINING_FILE_SIZE} bytes under the small files' names. Small, because the training
     * leaves the JDK's ciphers uncompiled (train-aot.sh), so every byte it fetches over TLS is decrypted
     * by the interpreter: with all the demo's files and 16 KiB ones, the first https run after a build
     * waited about 50 s.
     */
    private static final int TLS_TRAINING_FILES = 300;
    private static final long TLS_TRAINING_MAX_SIZE = 64 * 1024;
    private static final long TLS_TRAINING_FILE_SIZE = 1024;

    @Option(names = {"-d", "--dir"}, paramLabel = "DIR",
            description = "Keep the files in DIR (default: a temporary directory, removed afterwards).")
    Path dir;

    @Mixin
    ThreadsAndConnections connections = new ThreadsAndConnections();

    /**
     * For the launcher's start-up cache: serve the demo files and {@value #TRAINING_FILES} small ones,
     * write their URLs to FILE, say "ready", and keep serving until stdin closes. The cache then learns
     * from a plain run of the command in another JVM, which loads none of the server's classes (every
     * cached class loads at each start).
     */
    @Option(names = "--serve-only", paramLabel = "FILE", hidden = true)
    Path serveOnly;

    /**
     * With {@code --serve-only}: also serve the demo files of up to {@value #TLS_TRAINING_MAX_SIZE}
     * bytes and {@value #TLS_TRAINING_FILES} of {@value #TLS_TRAINING_FILE_SIZE} over TLS with the key
     * and certificate in this PKCS#12 store, their URLs after the others, for the start-up cache of
     * https runs (the TLS classes it holds cost a plain run 7-8 MiB, so plain runs get a cache without
     * them).
     */
    @Option(names = "--serve-tls", paramLabel = "KEYSTORE", hidden = true)
    Path serveTls;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (serveOnly != null) {
            return serveUntilStdinCloses(out);
        }
        boolean temporary = dir == null;
        var target = temporary ? Files.createTempDirectory("loomget-demo") : dir;
        Files.createDirectories(target);
        var links = Files.createTempFile("loomget-demo-links", ".txt");
        var files = demoFiles();
        try (var server = DemoServer.start(files)) {
            Files.writeString(links, links(server, files));
            out.println("Serving " + files.size() + " files at " + server.root() + "; saving to " + target);
            out.flush();
            // The same command a user runs, input file and all: the demo shows (and the launcher's
            // start-up cache learns) the real path, not a shortcut around it.
            var command = LoomgetCommand.commandLine();
            command.setOut(out);
            command.setErr(err);
            var args = new ArrayList<>(List.of("-i", links.toString(), "-d", target.toString(), "--overwrite"));
            args.addAll(connections.asArguments());
            int exit = command.execute(args.toArray(String[]::new));
            int bad = 0;
            for (var file : files) {
                var path = target.resolve(file.name());
                var actual = Files.exists(path) ? Checksum.hexDigest("sha-256", path) : "missing";
                boolean ok = actual.equals(file.sha256Hex());
                out.println((ok ? "sha256 ok   " : "sha256 BAD  ") + file.name() + "  " + actual);
                bad += ok ? 0 : 1;
            }
            out.println(bad == 0 ? "All " + files.size() + " checksums match." : bad + " of " + files.size() + " checksums differ.");
            return exit == LoomgetCommand.EXIT_OK && bad == 0 ? LoomgetCommand.EXIT_OK
                    : exit == Interrupts.EXIT_INTERRUPTED ? exit : LoomgetCommand.EXIT_FAILED;
        } finally {
            Files.deleteIfExists(links);
            if (temporary) {
                deleteTree(target);
            }
        }
    }

    private int serveUntilStdinCloses(java.io.PrintWriter out) throws IOException {
        var files = demoFiles();
        int demo = files.size();
        for (int i = 0; i < TRAINING_FILES; i++) {
            files.add(trainingFile(i, TRAINING_FILE_SIZE));
        }
        var tlsFiles = new ArrayList<>(files.subList(0, demo).stream()
                .filter(file -> file.size() <= TLS_TRAINING_MAX_SIZE).toList());
        for (int i = 0; i < TLS_TRAINING_FILES; i++) {
            tlsFiles.add(trainingFile(i, TLS_TRAINING_FILE_SIZE));
        }
        try (var server = DemoServer.start(files);
             var tlsServer = serveTls == null ? null : DemoServer.start(tlsFiles, TrainingKeys.context(serveTls))) {
            var partial = serveOnly.resolveSibling(serveOnly.getFileName() + ".tmp");
            Files.writeString(partial, links(server, files) + (tlsServer == null ? "" : links(tlsServer, tlsFiles)));
            Files.move(partial, serveOnly, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            out.println("ready");
            out.flush();
            while (System.in.read() >= 0) {
                // serve until whoever started us closes our stdin (or is gone)
            }
        }
        return LoomgetCommand.EXIT_OK;
    }

    private static DemoFile trainingFile(int index, long size) {
        return new DemoFile("small-%04d.bin".formatted(index), size, 1_000 + index);
    }

    /** The demo's files: generated on the fly by the server, checked by SHA-256 after the download. */
    private static List<DemoFile> demoFiles() {
        var files = new ArrayList<DemoFile>();
        for (int i = 0; i < SIZES.length; i++) {
            files.add(new DemoFile("demo-" + SIZES[i] + ".bin", SIZES[i], 42 + i));
        }
        return files;
    }

    /** The files' URLs, one a line: an input file for {@code -i}. */
    private static String links(DemoServer server, List<DemoFile> files) {
        var urls = new StringBuilder();
        files.forEach(file -> urls.append(server.uri(file)).append('\n'));
        return urls.toString();
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (var p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
