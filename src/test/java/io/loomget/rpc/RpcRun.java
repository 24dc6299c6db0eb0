package io.loomget.rpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one test's daemon writes and where its evidence goes: downloads in a temporary directory,
 * the daemon's log, the scripts' transcripts and screenshots under {@code target/rpc/DAEMON/TEST/}
 * (kept as test output, emptied when the same test runs again).
 */
record RpcRun(Daemon daemon, Path downloads, Path evidence) {

    static final String SECRET = "s3cr3t-token";

    static RpcRun of(Daemon daemon, String test, Path downloads) {
        var evidence = Path.of(System.getProperty("loomget.rpc.output", "target/rpc")).toAbsolutePath()
                .resolve(daemon.toString()).resolve(test.replaceAll("[^A-Za-z0-9_.-]+", "-"));
        try {
            if (Files.isDirectory(evidence)) { // a previous run's screenshots and transcripts would mix with this run's
                try (var old = Files.walk(evidence)) {
                    for (var path : old.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            Files.createDirectories(evidence);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RpcRun(daemon, downloads, evidence);
    }

    Daemon.Running start(String... extra) throws IOException, InterruptedException {
        return daemon.start(downloads, SECRET, List.of(extra), evidence.resolve("daemon.log"));
    }

    /** The environment the Node scripts read (lib/harness.mjs). */
    Map<String, String> env(Daemon.Running running, ServedFiles files) {
        var env = new HashMap<String, String>();
        env.put("RPC_PORT", Integer.toString(running.port()));
        env.put("RPC_SECRET", running.secret());
        env.put("DOWNLOAD_DIR", downloads.toString());
        env.put("FILES_JSON", files.json());
        env.put("EVIDENCE_DIR", evidence.toString());
        return env;
    }
}
