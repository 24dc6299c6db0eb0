package io.loomget.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.Prerequisites;
import io.loomget.testsupport.RangeServerExtension;
import io.loomget.testsupport.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AriaNg 1.3.14 (the most used aria2 web UI; a built copy in {@code src/test/ariang}) in Debian's
 * headless chromium, driven by Playwright through {@code src/test/node/ariang.mjs}: connect with the
 * secret, add a URL, see it downloading with progress, pause, resume, see it complete; the file's
 * SHA-256 exact. Screenshots of every step: {@code target/rpc/DAEMON/ariang/}.
 */
@ExtendWith(RangeServerExtension.class)
@Timeout(300)
class AriaNgIT {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    /** 16 s on one connection: long enough to be seen downloading and paused part-way, whatever the refresh. */
    private static final Content BIG = Content.generated(8L * ServedFiles.MiB, 5);

    static List<Daemon> daemons() {
        return Daemon.underTest();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("daemons")
    void addPauseResumeCompleteInAriaNg(Daemon daemon, RangeServer server, @TempDir Path downloads) throws Exception {
        Prerequisites.require("chromium (apt package chromium) at " + CHROMIUM, Files.isExecutable(CHROMIUM));
        var run = RpcRun.of(daemon, "ariang", downloads);
        var files = new ServedFiles(server).serve("big.bin", BIG, Behaviour.builder().rate(512 * ServedFiles.KiB).build());
        // One connection per file for both daemons (aria2c's default): the server's per-connection rate sets the pace.
        try (var running = run.start("-x", "1")) {
            new NodeScript("ariang.mjs").run(run.env(running, files), run.evidence().resolve("transcript.log"),
                    Duration.ofSeconds(240), "big.bin");
        }
        assertEquals(BIG.sha256Hex(), Sha256.of(downloads.resolve("big.bin")));
        assertTrue(server.requests().stream().anyMatch(r -> r.path().equals("/big.bin") && r.rangeHeader() != null
                        && !r.rangeHeader().startsWith("bytes=0-")),
                "the resumed download asked for the rest with a Range: " + server.requests());
        try (var shots = Files.list(run.evidence())) {
            assertEquals(6, shots.filter(p -> p.toString().endsWith(".png")).count(), "one screenshot per step");
        }
    }
}
