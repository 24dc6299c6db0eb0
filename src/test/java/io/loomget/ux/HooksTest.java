package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Content;
import io.loomget.testsupport.OneFileServed;
import io.loomget.testsupport.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --on-download-complete} and {@code --on-download-error}: aria2's arguments, no shell, never the outcome. */
class HooksTest extends OneFileServed {

    HooksTest() {
        super("/file.bin", Content.generated(300_000, 5));
    }

    /** A hook that records its arguments, and whether the path was a complete file when it ran, into {@code out}. */
    private static String recorder(Path out) {
        return "sh -c 'printf \"%s|%s|%s|\" \"$1\" \"$2\" \"$3\" > \"$0\"; "
                + "if [ -f \"$3\" ]; then sha256sum \"$3\" | cut -c1-64 >> \"$0\"; fi' " + out;
    }

    private Cli.Result run(String... args) {
        var all = new ArrayList<>(List.of("-d", dir.toString(), "--retry-wait", "0.01"));
        all.addAll(List.of(args));
        return Cli.run(all);
    }

    @Test
    void theCompleteHookGetsGidOneAndThePathOfTheFinishedFile() throws Exception {
        var out = dir.resolve("hook.out");
        var result = run("--on-download-complete", recorder(out), url(path));

        assertEquals(0, result.exit(), result::all);
        var fields = Files.readString(out).strip().split("\\|", -1);
        assertTrue(fields[0].matches("[0-9a-f]{16}"), fields[0]);
        assertEquals("1", fields[1]);
        assertEquals(dir.resolve("file.bin").toString(), fields[2]);
        assertEquals(content.sha256Hex(), fields[3], "the file was complete under its final name");
    }

    @Test
    void theErrorHookRunsForAFailedDownloadWithNoPath() throws Exception {
        var out = dir.resolve("hook.out");
        var result = run("--on-download-error", recorder(out), "--on-download-complete", "false", url("/missing.bin"));

        assertEquals(1, result.exit(), result::all);
        var fields = Files.readString(out).strip().split("\\|", -1);
        assertTrue(fields[0].matches("[0-9a-f]{16}"), fields[0]);
        assertEquals(List.of("1", "", ""), List.of(fields).subList(1, 4));
    }

    @Test
    void aHookThatCannotStartIsReportedAndTheDownloadStands() throws Exception {
        var result = run("--on-download-complete", "/no/such/hook", url(path));

        assertEquals(0, result.exit(), result::all);
        assertTrue(result.err().contains("loomget: hook /no/such/hook could not start: no such file"), result::all);
        assertEquals(content.sha256Hex(), Sha256.of(dir.resolve("file.bin")));
    }

    @Test
    void aFailingHooksStatusIsReportedAndTheExitCodeStands() {
        var result = run("--on-download-complete", "sh -c 'exit 3'", url(path));

        assertEquals(0, result.exit(), result::all);
        assertTrue(result.err().contains("loomget: hook sh exited with status 3"), result::all);
    }

    @Test
    void aHangingHookIsStoppedAtItsTimeout() {
        var result = run("--hook-timeout", "0.2", "--on-download-complete", "sh -c 'sleep 600'", url(path));

        assertEquals(0, result.exit(), result::all);
        assertTrue(result.err().contains("loomget: hook sh stopped after 0.2 s (timeout)"), result::all);
    }

    @Test
    void whatAHookPrintsGoesToStderrNeverIntoJson() {
        var result = run("--json", "--on-download-complete", "echo hello from the hook", url(path));

        assertEquals(0, result.exit(), result::all);
        assertTrue(result.err().contains("loomget: hook echo: hello from the hook"), result::all);
        assertTrue(result.out().lines().allMatch(line -> line.startsWith("{")), result::out);
    }

    @Test
    void nameCharactersAreNeverInterpretedByAShell() throws Exception {
        server.add("/$(touch_pwned);x.bin", Content.generated(10, 1));
        var out = dir.resolve("hook.out");

        var result = run("--on-download-complete", recorder(out), "http://127.0.0.1:" + server.port() + "/$(touch_pwned);x.bin");

        assertEquals(0, result.exit(), result::all);
        assertTrue(Files.notExists(dir.resolve("touch_pwned")) && Files.notExists(Path.of("touch_pwned")), "no shell ran the name");
        assertTrue(Files.readString(out).contains("x.bin"), Files.readString(out));
    }

    @Test
    void anUnclosedQuoteIsAUsageError() {
        var result = run("--on-download-complete", "sh -c 'oops", url(path));

        assertEquals(2, result.exit(), result::all);
        assertTrue(result.err().startsWith("loomget: --on-download-complete: unclosed ' in hook command"), result::all);
    }

    @Test
    void aHookThatPrintsAnEndlessLineHasItCutAndTheRunGoesOn() {
        var result = run("--on-download-complete", "sh -c 'head -c 5000000 /dev/zero | tr \"\\0\" a; echo; echo after'", url(path));

        assertEquals(0, result.exit(), result::all);
        var lines = result.err().lines().filter(l -> l.startsWith("loomget: hook sh: ")).toList();
        assertEquals(List.of("a".repeat(1000) + " … (line cut at 1000 characters)", "after"),
                lines.stream().map(l -> l.substring("loomget: hook sh: ".length())).toList(), () -> result.all().substring(0, 2000));
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aSignalWhileAHookRunsStopsTheHookAndTheRunIsInterrupted() throws Exception {
        var started = dir.resolve("hook.started");
        var pid = dir.resolve("hook.pid");
        // the hook says it runs, with its pid, then waits far longer than the test
        var hook = "sh -c 'echo $$ > " + pid + "; : > " + started + "; exec sleep 600'";
        var run = Subprocess.start(dir, List.of("-q", "-d", dir.resolve("out").toString(), "--on-download-complete", hook, url(path)));
        try {
            io.loomget.testsupport.Poll.until(java.time.Duration.ofSeconds(60), "the hook running",
                    () -> Files.exists(started), running -> running);

            // SIGTERM to loomget alone, as a service manager sends it: the hook gets no signal of its own
            assertEquals(0, new ProcessBuilder("kill", "-TERM", String.valueOf(run.process().pid())).start().waitFor());

            assertTrue(run.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "loomget waited for the hook");
            assertEquals(130, run.process().exitValue(), run.stderr());
            var hookProcess = ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()));
            assertTrue(hookProcess.isEmpty() || !hookProcess.get().isAlive(), "the hook outlived loomget");
            assertTrue(run.stderr().contains("loomget: hook sh stopped (interrupted)"), run.stderr());
        } finally {
            run.process().destroyForcibly();
        }
    }
}
