package io.loomget.rpc;

import io.loomget.server.RangeServer;
import io.loomget.testsupport.RangeServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A differential test against the reference, {@code aria2c --enable-rpc}: {@code src/test/node/shapes.mjs}
 * makes the same sequence of calls to aria2c and to the daemon under test (each with its own download
 * directory, the same files served) and records the shape of every answer; {@code compare-shapes.mjs}
 * then requires the same HTTP statuses, envelopes, keys, value types and error codes (messages may
 * differ). The list of compared calls and every difference: {@code target/rpc/DAEMON/shapes/compare.log}.
 * Against aria2c itself it proves that the recording is deterministic.
 */
@ExtendWith(RangeServerExtension.class)
@Timeout(300)
class ShapesIT {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);

    static List<Daemon> daemons() {
        return Daemon.underTest();
    }

    @ParameterizedTest(name = "{0} against aria2c")
    @MethodSource("daemons")
    void answersHaveAria2cShapes(Daemon subject, RangeServer server, @TempDir Path referenceDownloads,
                                 @TempDir Path subjectDownloads) throws Exception {
        var files = new ServedFiles(server);
        var reference = record(RpcRun.of(Daemon.ARIA2C, "shapes-reference-for-" + subject, referenceDownloads), files);
        var subjectRun = RpcRun.of(subject, "shapes", subjectDownloads);
        var recorded = record(subjectRun, files);
        new NodeScript("compare-shapes.mjs").run(Map.of(), subjectRun.evidence().resolve("compare.log"), SCRIPT_TIMEOUT,
                reference.toString(), recorded.toString());
    }

    /** Runs the recording against a fresh daemon of {@code run}; the script ends it with aria2.shutdown. */
    private Path record(RpcRun run, ServedFiles files) throws Exception {
        var out = run.evidence().resolve("shapes.json");
        Files.deleteIfExists(out);
        try (var running = run.start()) {
            new NodeScript("shapes.mjs").run(run.env(running, files), run.evidence().resolve("transcript.log"), SCRIPT_TIMEOUT,
                    out.toString());
            running.awaitExit(Duration.ofSeconds(30));
        }
        return out;
    }
}
