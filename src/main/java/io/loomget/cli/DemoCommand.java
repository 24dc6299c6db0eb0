package io.loomget.cli;

import io.loomget.engine.Batch;
import io.loomget.engine.Checksum;
import io.loomget.engine.DownloadRequest;
import io.loomget.engine.FileResult;
import io.loomget.engine.Settings;
import io.loomget.engine.ThreadKind;
import io.loomget.progress.LogView;
import io.loomget.report.Summary;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Offline demo: the built-in range server on 127.0.0.1 serves generated files; loomget fetches and checks them. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the built-in range server on 127.0.0.1, download its files with the normal "
            + "engine and check every file's SHA-256. Needs no network.")
final class DemoCommand implements Callable<Integer> {

    /** Sizes that exercise the edges: empty, one byte, around a range boundary, and big enough to split. */
    private static final long[] SIZES = {0, 1, 1_048_575, 1_048_577, 10 * 1_048_576 + 3, 64L * 1_048_576};

    @Option(names = {"-d", "--dir"}, paramLabel = "DIR",
            description = "Keep the files in DIR (default: a temporary directory, removed afterwards).")
    Path dir;

    @Option(names = "--threads", paramLabel = "KIND", defaultValue = "virtual",
            description = "virtual or platform (default: ${DEFAULT-VALUE}).")
    ThreadKind threads;

    @Option(names = {"-x", "--max-connection-per-file"}, paramLabel = "N", defaultValue = "8",
            description = "Connections per file (default: ${DEFAULT-VALUE}).")
    int connections;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        boolean temporary = dir == null;
        var target = temporary ? Files.createTempDirectory("loomget-demo") : dir;
        Files.createDirectories(target);
        try (var server = RangeServer.builder().build().start()) {
            var expected = new LinkedHashMap<String, String>();
            var requests = new java.util.ArrayList<DownloadRequest>();
            for (int i = 0; i < SIZES.length; i++) {
                var name = "demo-" + SIZES[i] + ".bin";
                var content = Content.generated(SIZES[i], 42 + i);
                server.add("/" + name, content);
                expected.put(name, content.sha256Hex());
                requests.add(DownloadRequest.of(server.uri("/" + name)));
            }
            out.println("Serving " + SIZES.length + " files at " + server.uri("/") + "; saving to " + target);
            var settings = Settings.builder().outputDir(target).threads(threads).connectionsPerFile(connections)
                    .overwrite(true).build();
            long start = System.nanoTime();
            var results = new Batch(settings, new LogView(out, err, false, Duration.ZERO)).run(requests);
            var summary = Summary.of(results, 0, Duration.ofNanos(System.nanoTime() - start));
            int bad = 0;
            for (var result : results) {
                if (result instanceof FileResult.Downloaded d) {
                    var name = d.path().getFileName().toString();
                    var actual = Checksum.hexDigest("sha-256", d.path());
                    boolean ok = actual.equals(expected.get(name));
                    out.println((ok ? "sha256 ok   " : "sha256 BAD  ") + name + "  " + actual);
                    bad += ok ? 0 : 1;
                }
            }
            out.println(summary.render() + (bad == 0 ? "; all checksums match" : "; " + bad + " checksums differ"));
            return summary.allOk() && bad == 0 ? LoomgetCommand.EXIT_OK : LoomgetCommand.EXIT_FAILED;
        } finally {
            if (temporary) {
                deleteTree(target);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (var p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
