package io.loomget.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.RangeServer;
import io.loomget.testsupport.RangeServerExtension;
import io.loomget.testsupport.Sha256;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * aria2's JSON-RPC driven by a third-party client, the npm {@code aria2} 4.1.2 package (what many
 * front-ends use), over HTTP and WebSocket: each scenario of {@code src/test/node/protocol.mjs}
 * against a fresh daemon, for aria2c (which proves the script) and for loomget. Scenarios that
 * need notifications run over WebSocket only, since HTTP clients get none.
 */
@ExtendWith(RangeServerExtension.class)
@Timeout(180)
class ProtocolIT {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
    private static final NodeScript PROTOCOL = new NodeScript("protocol.mjs");

    /** Scenarios that do not need notifications: both transports. */
    private static final List<String> EITHER_TRANSPORT = List.of("introspection", "queue", "active", "globalOptions", "speedLimits", "removeWaiting", "errors");
    /** Scenarios that wait for notifications. */
    private static final List<String> WEBSOCKET_ONLY = List.of("pauseAll", "removeActive", "notFound");

    static Stream<Arguments> scenarios() {
        return Daemon.underTest().stream().flatMap(daemon -> Stream.concat(
                EITHER_TRANSPORT.stream().flatMap(s -> Stream.of(Arguments.of(daemon, s, "http"), Arguments.of(daemon, s, "ws"))),
                WEBSOCKET_ONLY.stream().map(s -> Arguments.of(daemon, s, "ws"))));
    }

    static Stream<Arguments> daemonsAndTransports() {
        return Daemon.underTest().stream().flatMap(d -> Stream.of(Arguments.of(d, "http"), Arguments.of(d, "ws")));
    }

    @ParameterizedTest(name = "{0}: {1} over {2}")
    @MethodSource("scenarios")
    void scenarioPasses(Daemon daemon, String scenario, String transport, RangeServer server, @TempDir Path downloads)
            throws Exception {
        var run = RpcRun.of(daemon, scenario + "-" + transport, downloads);
        var files = new ServedFiles(server);
        try (var running = run.start()) {
            PROTOCOL.run(run.env(running, files), run.evidence().resolve("transcript.log"), SCRIPT_TIMEOUT, scenario, transport);
        }
    }

    static List<Daemon> daemons() {
        return Daemon.underTest();
    }

    /** Scenario pauseResume over WebSocket (it follows notifications), plus the bytes and the Range requests seen here. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("daemons")
    void pausedAndResumedDownloadIsExactAndContinuesWithRanges(Daemon daemon, RangeServer server, @TempDir Path downloads)
            throws Exception {
        var transport = "ws";
        var run = RpcRun.of(daemon, "pauseResume-checked-" + transport, downloads);
        var files = new ServedFiles(server);
        try (var running = run.start()) {
            PROTOCOL.run(run.env(running, files), run.evidence().resolve("transcript.log"), SCRIPT_TIMEOUT, "pauseResume", transport);
        }
        assertEquals(files.content("slow.bin").sha256Hex(), Sha256.of(downloads.resolve("slow.bin")));
        assertTrue(server.requests().stream().anyMatch(r -> r.path().equals("/slow.bin") && r.rangeHeader() != null
                        && !r.rangeHeader().startsWith("bytes=0-")),
                "the resumed download asked for the rest with a Range: " + server.requests());
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("daemonsAndTransports")
    void saveSessionWritesTheUnfinishedDownloads(Daemon daemon, String transport, RangeServer server, @TempDir Path downloads,
                                                  @TempDir Path sessionDir) throws Exception {
        var run = RpcRun.of(daemon, "saveSession-" + transport, downloads);
        var session = sessionDir.resolve("session.txt");
        var files = new ServedFiles(server);
        try (var running = run.start("--save-session=" + session)) {
            var env = run.env(running, files);
            env.put("SESSION_FILE", session.toString());
            PROTOCOL.run(env, run.evidence().resolve("transcript.log"), SCRIPT_TIMEOUT, "saveSession", transport);
        }
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("daemonsAndTransports")
    void shutdownEndsTheDaemon(Daemon daemon, String transport, RangeServer server, @TempDir Path downloads) throws Exception {
        assertEquals(0, endsTheDaemon(daemon, "shutdown", transport, server, downloads), "exit status after shutdown with nothing unfinished");
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("daemonsAndTransports")
    void forceShutdownEndsTheDaemonMidDownload(Daemon daemon, String transport, RangeServer server, @TempDir Path downloads)
            throws Exception {
        // The exit status is not compared: aria2c ends with 7 ("unfinished downloads"), loomget with 0.
        endsTheDaemon(daemon, "forceShutdown", transport, server, downloads);
    }

    /** Runs {@code scenario}, then waits for the process to end by itself; its exit status. */
    private int endsTheDaemon(Daemon daemon, String scenario, String transport, RangeServer server, Path downloads) throws Exception {
        var run = RpcRun.of(daemon, scenario + "-" + transport, downloads);
        try (var running = run.start()) {
            PROTOCOL.run(run.env(running, new ServedFiles(server)), run.evidence().resolve("transcript.log"), SCRIPT_TIMEOUT,
                    scenario, transport);
            return running.awaitExit(Duration.ofSeconds(30));
        }
    }
}
