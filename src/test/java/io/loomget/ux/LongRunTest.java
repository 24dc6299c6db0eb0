package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code src/dist/long-run.sh}, which both launchers source: which runs get C2 for all code (the
 * daemon, a links file of {@code LONG_RUN_LINES} lines or more), run in a real bash on loomget's own
 * arguments.
 */
@Timeout(60)
class LongRunTest {

    private static final SourcedScript SCRIPT = SourcedScript.of("src/dist/long-run.sh");

    @TempDir
    static Path dir;

    private static Path longList;
    private static Path shortList;

    @BeforeAll
    static void lists() throws IOException, InterruptedException {
        int lines = Integer.parseInt(SCRIPT.run("echo $LONG_RUN_LINES").strip());
        longList = dir.resolve("long.txt");
        Files.write(longList, IntStream.range(0, lines).mapToObj(i -> "http://127.0.0.1/f" + i).toList());
        shortList = dir.resolve("short.txt");
        Files.write(shortList, IntStream.range(0, lines - 1).mapToObj(i -> "http://127.0.0.1/f" + i).toList());
    }

    private static boolean longRun(String... args) throws IOException, InterruptedException {
        return SCRIPT.run("long_run \"$@\" && echo long || echo short", args).strip().equals("long");
    }

    @Test
    void aLinksFileOfLongRunLinesIsALongRun() throws Exception {
        assertTrue(longRun("-j64", "-i", longList.toString()));
    }

    @Test
    void aLinksFileOneLineShorterIsNot() throws Exception {
        assertFalse(longRun("-i", shortList.toString()));
    }

    @Test
    void theDaemonIsALongRun() throws Exception {
        assertTrue(longRun("--enable-rpc"));
        assertTrue(longRun("--enable-rpc", "--rpc-listen-port=6800"));
    }

    @Test
    void urlsOnTheCommandLineAndStdinAreNotCounted() throws Exception {
        assertFalse(longRun("http://127.0.0.1/a", "http://127.0.0.1/b"));
        assertFalse(longRun("-i", "-"));
    }

    @Test
    void theDaemonAfterTheEndOfOptionsIsAUrl() throws Exception {
        assertFalse(longRun("--", "--enable-rpc"));
    }

    @Test
    void theJvmTakesTheLongRunOptionsAfterJvmOptionsAndTheyWin() throws Exception {
        var java = ProcessHandle.current().info().command().orElseThrow();
        var command = new ArrayList<>(List.of(java));
        Files.readAllLines(Path.of("src/dist/jvm.options")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .forEach(command::add);
        command.addAll(SCRIPT.run("printf '%s\\n' \"${LONG_RUN_JVM_OPTIONS[@]}\"").lines().toList());
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "java did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("\\s*intx Tier4InvocationThreshold\\s+= 15000 .*")), out);
    }
}
