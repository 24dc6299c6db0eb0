package io.loomget.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.internal.io.PartFile;
import io.loomget.internal.io.ResumeState;
import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.server.RecordedRequest;
import io.loomget.testsupport.Dirs;
import io.loomget.testsupport.OneFileServed;
import io.loomget.testsupport.Poll;
import io.loomget.testsupport.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real command line in its own process, killed mid-download (SIGKILL, SIGINT, SIGTERM, SIGHUP) and run
 * again: the second run with {@code -c} transfers only what was missing (counted at the server), and
 * a second run without it leaves the unfinished download alone. A second {@code -c} started while the
 * first still runs leaves that run's part file to it.
 *
 * <p>The process is {@code java --enable-preview -cp <the test class path> io.loomget.cli.Main}, the
 * same JVM invocation {@code ./loomget} execs, on the classes this build just compiled (the launcher
 * would rebuild its jar with Maven while Maven runs these tests). Set {@code -Dloomget.launcher=/path/to/loomget}
 * to run the launcher script instead.
 */
@Timeout(60)
class ProcessResumeTest extends OneFileServed {

    ProcessResumeTest() {
        super("/p.bin", Content.generated(4L << 20, 2718));
    }

    /** Per body: four ranges at 256 KiB/s make 1 MiB/s, four seconds for the file (the periodic state save comes at 2 s). */
    private static final long SLOW = 256 * 1024;
    /** Per body, for the runs stopped by a signal once a third of the file has come: two seconds for all of it. */
    private static final long MEDIUM = 512 * 1024;
    /** Per body on the resumed run: quick, yet an abandoned probe sends only a slice or two. */
    private static final long QUICK = 8L << 20;
    /** Per body, for a run that must still be going while another starts: sixteen seconds for the file. */
    private static final long CRAWL = 64 * 1024;
    private static final int EXIT_INTERRUPTED = 130;

    @TempDir
    Path tmp;

    /** The download directory ({@code -d}); the processes' output goes beside it, in {@code logs}. */
    private Path dir;
    private Path logs;

    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void compiledClassesAreOnTheClassPath() {
        // The child JVM runs what this build compiled; without it every test below would fail obscurely.
        var cp = System.getProperty("java.class.path");
        assertTrue(System.getProperty("loomget.launcher") != null
                || java.util.Arrays.stream(cp.split(java.io.File.pathSeparator))
                        .anyMatch(e -> Files.exists(Path.of(e, "io", "loomget", "cli", "Main.class"))),
                "io.loomget.cli.Main is not on the test class path: " + cp);
    }

    @BeforeEach
    void startServer(RangeServer server) throws IOException {
        dir = Files.createDirectories(tmp.resolve("out"));
        logs = Files.createDirectories(tmp.resolve("logs"));
        this.server = server.add(path, content);
    }

    @AfterEach
    void stopAll() throws Exception {
        for (var p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> command(List<String> args) {
        var launcher = System.getProperty("loomget.launcher");
        var cmd = new ArrayList<String>();
        if (launcher != null) {
            cmd.add(launcher);
        } else {
            cmd.add(ProcessHandle.current().info().command().orElse(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(List.of("--enable-preview", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "-cp", System.getProperty("java.class.path"), "io.loomget.cli.Main"));
        }
        cmd.addAll(args);
        return cmd;
    }

    /** Starts loomget on the test file; its output goes to files in the temp dir (never a pipe that could fill). */
    private Process loomget(String run, String... options) throws IOException {
        return loomget(List.of(), run, options);
    }

    /** {@link #loomget(String, String...)}, with {@code prefix} run first (it execs the rest). */
    private Process loomget(List<String> prefix, String run, String... options) throws IOException {
        var args = new ArrayList<>(List.of("-d", dir.toString(), "-x", "4", "-k", "64K",
                "--retries", "3", "--retry-wait", "0.02", "--timeout", "5"));
        args.addAll(List.of(options));
        args.add(server.uri(path).toString());
        var cmd = new ArrayList<>(prefix);
        cmd.addAll(command(args));
        var p = new ProcessBuilder(cmd)
                .redirectOutput(logs.resolve(run + ".out").toFile())
                .redirectError(logs.resolve(run + ".err").toFile())
                .start();
        started.add(p);
        return p;
    }

    private String output(String run) throws IOException {
        return Files.readString(logs.resolve(run + ".out")) + Files.readString(logs.resolve(run + ".err"));
    }

    private Path target() {
        return dir.resolve(name());
    }

    private int finish(Process p, String run) throws Exception {
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), run + " did not finish");
        return p.exitValue();
    }

    /** The state the stopped run left: present, readable, for this URL and size, partly done. */
    private ResumeState savedState() {
        assertFalse(Files.exists(target()), "a stopped download has no final name");
        assertTrue(Files.exists(PartFile.pathFor(target())), "no part file");
        var state = ResumeState.read(ResumeState.pathFor(target()));
        assertTrue(state.isPresent(), "no readable state file");
        assertEquals(size, state.get().size());
        assertTrue(state.get().doneBytes() > 0 && state.get().doneBytes() < size, "done: " + state.get().doneBytes());
        return state.get();
    }

    /** Runs {@code -c} quickly and checks the file and that only the missing bytes were sent. */
    private void continueAndCheck(ResumeState state, String run) throws Exception {
        server.behave(path, Behaviour.builder().rate(QUICK).build());
        server.resetStats();

        var p = loomget(run, "-c");
        assertEquals(0, finish(p, run), output(run));

        assertEquals(content.sha256Hex(), Sha256.of(target()), output(run));
        assertFalse(Files.exists(PartFile.pathFor(target())));
        assertFalse(Files.exists(ResumeState.pathFor(target())));
        assertTrue(server.awaitIdle(Duration.ofSeconds(2)));
        long missing = size - state.doneBytes();
        // The probe (the first request, from byte 0) is abandoned once its headers show the file is
        // unchanged; every other request must be for missing bytes only.
        var requests = server.requests();
        assertTrue(requests.getFirst().rangeHeader().startsWith("bytes=0-"), "probe: " + requests.getFirst());
        long ranged = requests.stream().skip(1).mapToLong(RecordedRequest::bodyBytesSent).sum();
        long sent = server.bytesSent(path);
        System.out.printf("%s: %d of %d bytes were done; the resumed run was sent %d bytes (%d in ranges)%n",
                run, state.doneBytes(), size, sent, ranged);
        assertTrue(ranged <= missing, "ranges sent " + ranged + " bytes, only " + missing + " were missing");
        assertTrue(sent <= missing + 512 * 1024, "sent " + sent + " bytes, only " + missing + " were missing");
        assertTrue(sent < size * 9 / 10, "the whole file was fetched again: " + sent);
        requests.stream().skip(1)
                .forEach(r -> assertTrue(r.ifRange() != null, "resumed range without If-Range: " + r));
        assertTrue(output(run).contains("resuming"), output(run));
    }

    @Test
    void sigkillThenContinueTransfersOnlyWhatWasMissing() throws Exception {
        server.behave(path, Behaviour.builder().rate(SLOW).build());
        var p = loomget("first");
        // Nothing runs on SIGKILL: what -c finds is what the periodic save (every 2 s) wrote.
        Poll.await("a state file while downloading", Duration.ofSeconds(15),
                () -> Files.exists(ResumeState.pathFor(target())) || !p.isAlive());
        assertTrue(p.isAlive(), "finished before it could be killed: " + output("first"));
        p.destroyForcibly();
        assertTrue(p.waitFor(5, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue());

        continueAndCheck(savedState(), "continue");
    }

    @Test
    void sigintExitsWith130Within2SecondsAndContinueFinishes() throws Exception {
        server.behave(path, Behaviour.builder().rate(MEDIUM).build());
        var p = loomget("first");
        Poll.await("a third of the file sent", Duration.ofSeconds(15), () -> server.bytesSent(path) >= size / 3 || !p.isAlive());
        assertTrue(p.isAlive(), output("first"));

        var kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
        assertEquals(0, kill.waitFor());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "still running 20 s after SIGINT"); // a hang guard
        assertEquals(EXIT_INTERRUPTED, p.exitValue(), output("first"));
        assertTrue(output("first").contains("interrupted"), "no summary: " + output("first"));

        continueAndCheck(savedState(), "continue");
    }

    @Test
    void twoSigintsInARowKeepTheProgressForContinue() throws Exception {
        server.behave(path, Behaviour.builder().rate(MEDIUM).build());
        var p = loomget("first");
        // A third of the file comes in well under the 2 s of the periodic save: only the first
        // interrupt can have recorded the state.
        Poll.await("a third of the file sent", Duration.ofSeconds(15), () -> server.bytesSent(path) >= size / 3 || !p.isAlive());
        assertTrue(p.isAlive(), output("first"));
        assertFalse(Files.exists(ResumeState.pathFor(target())), "the periodic save came first; the test proves nothing");

        // Two signals of one kind that reach the process before the first is delivered merge into one:
        // a short gap makes them two. The outcome must be the same whatever the gap.
        var kill = new ProcessBuilder("sh", "-c", "kill -INT " + p.pid() + "; sleep 0.01; kill -INT " + p.pid()).start();
        assertEquals(0, kill.waitFor());
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "still running after two SIGINTs");
        assertEquals(EXIT_INTERRUPTED, p.exitValue(), output("first"));

        continueAndCheck(savedState(), "continue");
    }

    @Test
    void sighupFromATerminalThatWentAwaySavesTheProgressAndExitsWith130() throws Exception {
        server.behave(path, Behaviour.builder().rate(MEDIUM).build());
        // SIGHUP at its default in the child whatever this JVM inherited (under nohup it is ignored, and
        // so it would stay in the child): then the child's JVM installs its handlers for it.
        var p = loomget(List.of("env", "--default-signal=HUP"), "first");
        // A third of the file comes in well under the 2 s of the periodic save: only the signal's save
        // can have recorded the state.
        Poll.await("a third of the file sent", Duration.ofSeconds(15), () -> server.bytesSent(path) >= size / 3 || !p.isAlive());
        assertTrue(p.isAlive(), output("first"));
        assertFalse(Files.exists(ResumeState.pathFor(target())), "the periodic save came first; the test proves nothing");

        var kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start();
        assertEquals(0, kill.waitFor());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "still running 20 s after SIGHUP"); // a hang guard
        assertEquals(EXIT_INTERRUPTED, p.exitValue(), output("first"));
        assertTrue(output("first").contains("interrupted"), "no summary: " + output("first"));

        continueAndCheck(savedState(), "continue");
    }

    @Test
    void sigtermExitsWith130AndARunWithoutContinueKeepsThePartFileAndSavesUnderANewName() throws Exception {
        server.behave(path, Behaviour.builder().rate(MEDIUM).build());
        var p = loomget("first");
        Poll.await("a third of the file sent", Duration.ofSeconds(15), () -> server.bytesSent(path) >= size / 3 || !p.isAlive());
        assertTrue(p.isAlive(), output("first"));
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "still running 20 s after SIGTERM"); // a hang guard
        assertEquals(EXIT_INTERRUPTED, p.exitValue(), output("first"));
        var state = savedState();
        var partSha = Sha256.of(PartFile.pathFor(target()));
        var stateText = Files.readString(ResumeState.pathFor(target()));

        server.behave(path, Behaviour.builder().rate(QUICK).build());
        var again = loomget("again");
        assertEquals(0, finish(again, "again"), output("again"));

        var renamed = dir.resolve("p.1.bin");
        assertEquals(content.sha256Hex(), Sha256.of(renamed), output("again"));
        assertFalse(Files.exists(target()));
        assertEquals(partSha, Sha256.of(PartFile.pathFor(target())), "the unfinished download was touched");
        assertEquals(stateText, Files.readString(ResumeState.pathFor(target())));
        assertTrue(output("again").contains("-c"), "no hint at -c: " + output("again"));
        // The part file and its state are byte for byte what the stopped run left, so -c can still use
        // them (what -c then does is the other tests' subject).
        assertEquals(state.doneBytes(), savedState().doneBytes());
    }

    @Test
    void aSecondContinueWhileTheFirstRunsFailsThatUrlInOneLineAndLeavesThePartFileToTheFirst() throws Exception {
        server.behave(path, Behaviour.builder().rate(CRAWL).build());
        var first = loomget("first", "-c");
        // The part file is created once its lock is held and names this URL.
        Poll.await("the first run's part file", Duration.ofSeconds(15),
                () -> Files.exists(PartFile.pathFor(target())) || !first.isAlive());
        assertTrue(first.isAlive(), output("first"));

        var second = loomget("second", "-c");
        assertEquals(1, finish(second, "second"), output("second"));

        assertTrue(first.isAlive(), "the first run ended before the second could find it running: " + output("first"));
        assertTrue(output("second").lines().anyMatch(line -> line.equals("loomget: failed: " + server.uri(path) + ": "
                + name() + ".part is being written by another loomget run downloading this URL; not downloading it"
                + " twice (run -c again once that run is over)")), output("second"));
        assertFalse(Files.exists(dir.resolve("p.1.bin")), "fetched a second time under another name");
        // The first run, stopped, left its part file and state, which -c continues to the exact file.
        first.destroy();
        assertEquals(EXIT_INTERRUPTED, finish(first, "first"), output("first"));
        savedState();
        server.behave(path, Behaviour.builder().rate(QUICK).build());
        assertEquals(0, finish(loomget("continue", "-c"), "continue"), output("continue"));
        assertEquals(content.sha256Hex(), Sha256.of(target()), output("continue"));
        assertTrue(output("continue").contains("resuming"), output("continue"));
        assertEquals(List.of(name()), Dirs.names(dir), "nothing else: no lock file either");
    }
}
