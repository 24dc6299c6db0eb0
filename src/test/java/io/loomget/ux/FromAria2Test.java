package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.Poll;
import io.loomget.testsupport.Prerequisites;
import io.loomget.testsupport.RangeServerExtension;
import io.loomget.testsupport.Sha256;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving from aria2 mid-download: the real {@code aria2c} (apt package aria2) is stopped as Ctrl-C
 * stops it, and loomget finishes what its saved session lists, from the files and control files it left.
 */
@ExtendWith(RangeServerExtension.class)
@Timeout(120)
class FromAria2Test {

    /** Served at 256 KiB/s a connection: aria2's four take about four seconds for it. */
    static final Content BIG = Content.generated(4L << 20, 71);

    @TempDir
    Path dir;

    @Test
    void minusCFinishesWhatAnInterruptedAria2SavedReusingTheBytesItHad(RangeServer server) throws Exception {
        Prerequisites.require("aria2c (apt package aria2)", onPath("aria2c"));
        server.add("/big.bin", BIG).behave("/big.bin", Behaviour.builder().rate(256 << 10).build());
        var out = dir.resolve("out");
        var session = dir.resolve("session.txt");
        var aria2 = new ProcessBuilder("aria2c", "--no-conf", "-c", "-x4", "-s4", "-k1M", "-d", out.toString(),
                "--save-session=" + session, "--max-tries=5", "--console-log-level=warn", "--summary-interval=0",
                server.uri("/big.bin").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("aria2.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            Poll.await("aria2c to have 1 MiB", Duration.ofSeconds(60), () -> server.bytesSent("/big.bin") >= 1 << 20);
        } finally {
            aria2.destroy(); // SIGTERM: aria2 saves its session and its control file, as on Ctrl-C
            assertTrue(aria2.waitFor(30, TimeUnit.SECONDS), "aria2c ended");
        }
        assertTrue(Files.exists(out.resolve("big.bin.aria2")), "aria2c left its control file: " + Files.readString(session));
        server.resetStats();

        var result = Cli.run(List.of("-c", "-i", session.toString(), "-d", out.toString(), "-k", "128K",
                "--retry-wait", "0.01"));

        assertEquals(BIG.sha256Hex(), Sha256.of(out.resolve("big.bin")), result::all);
        assertTrue(server.bytesSent("/big.bin") < BIG.size(), "fetched " + server.bytesSent("/big.bin") + " bytes: " + result.all());
        assertTrue(result.out().contains("already on disk"), result::all);
        assertFalse(Files.exists(out.resolve("big.bin.aria2")), result::all);
        assertEquals(0, result.exit(), result::all);
    }

    private static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }
}
