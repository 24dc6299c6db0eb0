package io.loomget.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.Poll;
import io.loomget.testsupport.RangeServerExtension;
import io.loomget.testsupport.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loomget --enable-rpc} as a real process ({@code java --enable-preview -cp <test class path>
 * io.loomget.cli.Main}): the listening line, a clean stop on SIGTERM and SIGHUP, the usage error, the secret from
 * the environment, a restore after {@code kill -9}, and a plain run that loads no web server class.
 */
@ExtendWith(RangeServerExtension.class)
@Timeout(120)
class DaemonProcessTest {

    private static final Pattern LISTENING = Pattern.compile("rpc: listening on http://127\\.0\\.0\\.1:(\\d+)/jsonrpc");

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (var p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process loomget(String run, Map<String, String> env, String... args) throws IOException {
        return loomget(run, env, List.of(), args);
    }

    /** {@link #loomget(String, Map, String...)}, with {@code prefix} run first (it execs the rest). */
    private Process loomget(String run, Map<String, String> env, List<String> prefix, String... args) throws IOException {
        var cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(ProcessHandle.current().info().command().orElseThrow(), "--enable-preview",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.loomget.cli.Main"));
        cmd.addAll(List.of(args));
        var builder = new ProcessBuilder(cmd)
                .redirectOutput(tmp.resolve(run + ".out").toFile())
                .redirectError(tmp.resolve(run + ".err").toFile());
        builder.environment().remove(RpcOptions.SECRET_VARIABLE);
        builder.environment().putAll(env);
        var p = builder.start();
        started.add(p);
        return p;
    }

    private String out(String run) throws IOException {
        return Files.readString(tmp.resolve(run + ".out"));
    }

    /** The port from the one line the daemon prints once it listens. */
    private int port(String run, Process p) throws Exception {
        var line = Poll.until(Duration.ofSeconds(60), "the listening line of " + run, () -> out(run),
                text -> LISTENING.matcher(text).find() || !p.isAlive());
        var m = LISTENING.matcher(line);
        assertTrue(m.find(), "no listening line: " + line + Files.readString(tmp.resolve(run + ".err")));
        assertTrue(line.startsWith(m.group()), "the listening line comes first: " + line);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void printsTheListeningLineAndStopsCleanlyOnSigtermSavingTheSession() throws Exception {
        var session = tmp.resolve("session.txt");
        var p = loomget("run", Map.of(), "--enable-rpc", "--rpc-listen-port=0", "-d", tmp.resolve("dl").toString(),
                "--save-session", session.toString());
        var rpc = new RpcClient(port("run", p), null);
        var gid = (String) rpc.call("aria2.addUri", List.of("http://127.0.0.1:9/x.bin"), Map.of("pause", "true"));
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertTrue(Files.readString(session).contains(" gid=" + gid + "\n"));
    }

    @Test
    void stopsCleanlyOnSighupSavingTheSessionAsOnSigterm() throws Exception {
        var session = tmp.resolve("session.txt");
        // SIGHUP at its default in the child whatever this JVM inherited (nohup's would stay ignored there).
        var p = loomget("hup", Map.of(), List.of("env", "--default-signal=HUP"), "--enable-rpc", "--rpc-listen-port=0",
                "-d", tmp.resolve("dl").toString(), "--save-session", session.toString());
        var rpc = new RpcClient(port("hup", p), null);
        var gid = (String) rpc.call("aria2.addUri", List.of("http://127.0.0.1:9/x.bin"), Map.of("pause", "true"));
        assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertTrue(Files.readString(session).contains(" gid=" + gid + "\n"));
    }

    @Test
    void listenAllWithoutASecretIsAUsageError() throws Exception {
        var p = loomget("open", Map.of(), "--enable-rpc", "--rpc-listen-all", "--rpc-listen-port=0", "-d", tmp.toString());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(Files.readString(tmp.resolve("open.err")).contains("--rpc-listen-all needs a secret"));
    }

    @Test
    void theSecretCanComeFromTheEnvironment() throws Exception {
        var p = loomget("env", Map.of(RpcOptions.SECRET_VARIABLE, "from-env"), "--enable-rpc", "--rpc-listen-all",
                "--rpc-listen-port=0", "-d", tmp.toString());
        int port = port("env", p);
        assertEquals("Unauthorized", org.junit.jupiter.api.Assertions.assertThrows(RpcClient.Failure.class,
                () -> new RpcClient(port, "wrong").call("aria2.getGlobalStat")).getMessage());
        assertTrue(new RpcClient(port, "from-env").struct("aria2.getGlobalStat").containsKey("numActive"));
    }

    @Test
    void afterKill9TheSessionBringsEveryDownloadBackToCompleteExactlyOnceWithItsGid(RangeServer server) throws Exception {
        var files = List.of("/a.bin", "/b.bin", "/c.bin");
        var contents = new ArrayList<Content>();
        for (int i = 0; i < files.size(); i++) {
            contents.add(Content.generated(2L << 20, 40 + i));
            server.add(files.get(i), contents.get(i)).behave(files.get(i), Behaviour.builder().rate(128 << 10).build());
        }
        var dl = tmp.resolve("dl");
        var session = tmp.resolve("session.txt");
        var p = loomget("first", Map.of(), "--enable-rpc", "--rpc-listen-port=0", "-d", dl.toString(), "-j", "2",
                "-x", "2", "-k", "256K", "--save-session", session.toString(), "--save-session-interval", "1");
        var rpc = new RpcClient(port("first", p), null);
        var gids = new ArrayList<String>();
        for (var f : files) {
            gids.add((String) rpc.call("aria2.addUri", List.of(server.uri(f).toString())));
        }
        Poll.until(Duration.ofSeconds(60), "a session with every download, two of them under way",
                () -> Files.exists(session) ? Files.readString(session) : "",
                text -> gids.stream().allMatch(g -> text.contains(" gid=" + g + "\n")) && text.split(" out=").length == 3);
        p.destroyForcibly(); // SIGKILL: no shutdown save, only what the interval saved
        p.waitFor(30, TimeUnit.SECONDS);
        server.behave("/a.bin", Behaviour.builder().build()).behave("/b.bin", Behaviour.builder().build())
                .behave("/c.bin", Behaviour.builder().build());

        var again = loomget("second", Map.of(), "--enable-rpc", "--rpc-listen-port=0", "-d", dl.toString(),
                "-i", session.toString(), "--save-session", session.toString());
        var restored = new RpcClient(port("second", again), null);
        for (var gid : gids) {
            Poll.until(Duration.ofSeconds(60), gid + " complete", () -> restored.struct("aria2.tellStatus", gid, List.of("status")),
                    s -> "complete".equals(s.get("status")));
        }
        for (int i = 0; i < files.size(); i++) {
            assertEquals(contents.get(i).sha256Hex(), Sha256.of(dl.resolve(files.get(i).substring(1))), files.get(i));
        }
        try (var left = Files.list(dl)) {
            assertEquals(List.of("a.bin", "b.bin", "c.bin"),
                    left.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList(),
                    "each file once, under its own name, no part file left");
        }
    }

    @Test
    void aPlainRunLoadsNoWebServerClass() throws Exception {
        var cmd = List.of(ProcessHandle.current().info().command().orElseThrow(), "--enable-preview",
                "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"), "io.loomget.cli.Main", "--version");
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("classes.txt").toFile()).start();
        started.add(p);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        var loaded = Files.readString(tmp.resolve("classes.txt"));
        assertTrue(loaded.contains("io.loomget.cli.Main"), "class loading was logged");
        assertFalse(loaded.contains("io.helidon."), "a Helidon class was loaded by --version");
    }
}
