package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.testsupport.OnRangeServer;
import io.loomget.testsupport.Sha256;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Output when stdout is not a terminal (pipes, CI logs): the command runs in this JVM, whose stdout
 * is no terminal, with its output captured. Plain lines only, one per file event, errors on stderr
 * naming the URL, and the summary last; {@code -q} keeps errors and the summary.
 */
class LogOutputTest extends OnRangeServer {

    static final Content ONE = Content.generated(3 * 256 * 1024 + 5, 11);
    static final Content TWO = Content.generated(100_000, 12);
    /** Any control character but the newline: no escape sequences, no carriage returns, no tabs. */
    static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n]]");

    @BeforeEach
    void startServer() {
        server.add("/one.bin", ONE).add("/two.bin", TWO);
    }

    private Cli.Result download(String... urlsAndOptions) {
        var args = new java.util.ArrayList<>(List.of("-d", dir.toString(), "-k", "256K", "--retry-wait", "0.01"));
        args.addAll(List.of(urlsAndOptions));
        return Cli.run(args);
    }

    @Test
    void outputHasNoControlCharacters() {
        server.behave("/one.bin", Behaviour.builder().truncateFirst(1, 50_000).build());
        var result = download(url("/one.bin"), url("/two.bin"), url("/missing.bin"));

        assertFalse(CONTROL.matcher(result.out()).find(), () -> visible(result.out()));
        assertFalse(CONTROL.matcher(result.err()).find(), () -> visible(result.err()));
    }

    @Test
    void eachFileHasAStartLineAndADoneLine() {
        var result = download(url("/one.bin"), url("/two.bin"));

        assertEquals(0, result.exit(), result::all);
        for (var name : List.of("one.bin", "two.bin")) {
            assertEquals(1, result.outLines().stream().filter(l -> l.startsWith("start  " + name + "  ")).count(), result::all);
            assertEquals(1, result.outLines().stream().filter(l -> l.startsWith("done   " + name + "  ")).count(), result::all);
        }
    }

    @Test
    void startLineNamesTheSizeAndUrl() {
        var result = download(url("/two.bin"));

        assertTrue(result.outLines().contains("start  two.bin  97.7 KiB  " + url("/two.bin")), result::all);
    }

    @Test
    void doneLineComesAfterTheStartLineOfItsFile() {
        var result = download(url("/one.bin"));

        var lines = result.outLines();
        int start = indexOfPrefix(lines, "start  one.bin");
        int done = indexOfPrefix(lines, "done   one.bin");
        assertTrue(start >= 0 && done > start, result::all);
    }

    @Test
    void retriedRangeGetsARetryLine() {
        server.behave("/one.bin", Behaviour.builder().truncateFirst(1, 50_000).build());
        var result = download(url("/one.bin"));

        assertEquals(0, result.exit(), result::all);
        assertTrue(result.outLines().stream().anyMatch(l -> l.startsWith("retry  one.bin  at byte 50000, attempt 1: ")),
                result::all);
        assertEquals(ONE.sha256Hex(), Sha256.of(dir.resolve("one.bin")));
    }

    @Test
    void errorGoesToStderrNamingTheUrl() {
        var result = download(url("/one.bin"), url("/missing.bin"));

        assertEquals(1, result.exit(), result::all);
        assertTrue(result.errLines().contains("loomget: not found (HTTP 404): " + url("/missing.bin")), result::all);
        assertFalse(result.out().contains("missing.bin"), result::all);
    }

    @Test
    void failedFileNamesTheUrlAndTheCause() {
        server.behave("/one.bin", Behaviour.builder().status(403).build());
        var result = download(url("/one.bin"));

        assertEquals(1, result.exit(), result::all);
        assertTrue(result.errLines().stream().anyMatch(l -> l.startsWith("loomget: failed: " + url("/one.bin") + ": ")
                && l.contains("403")), result::all);
    }

    @Test
    void summaryIsTheLastLineWhenAllSucceed() {
        var result = download(url("/one.bin"), url("/two.bin"));

        var lines = result.outLines();
        assertTrue(lines.getLast().startsWith("2 downloaded, 0 not found, 0 failed: "), result::all);
        assertEquals("", result.err(), result::all);
    }

    @Test
    void summaryIsTheLastLineOfStdoutAlsoWhenSomethingFailed() {
        var result = download(url("/one.bin"), url("/missing.bin"));

        assertTrue(result.outLines().getLast().startsWith("1 downloaded, 1 not found, 0 failed: "), result::all);
        assertTrue(result.errLines().stream().noneMatch(l -> l.contains(" downloaded, ")), result::all);
    }

    @Test
    void quietPrintsOnlyTheSummaryWhenAllSucceed() {
        var result = download("-q", url("/one.bin"), url("/two.bin"));

        assertEquals(0, result.exit(), result::all);
        assertEquals(1, result.outLines().size(), result::all);
        assertTrue(result.outLines().getFirst().startsWith("2 downloaded, 0 not found, 0 failed: "), result::all);
        assertEquals("", result.err(), result::all);
    }

    @Test
    void quietPrintsOnlyErrorsAndTheSummaryWhenSomethingFails() {
        server.behave("/one.bin", Behaviour.builder().truncateFirst(1, 50_000).build()); // a retry: not printed
        var result = download("-q", url("/one.bin"), url("/missing.bin"));

        assertEquals(1, result.exit(), result::all);
        assertEquals(List.of("loomget: not found (HTTP 404): " + url("/missing.bin")), result.errLines(), result::all);
        assertEquals(1, result.outLines().size(), result::all);
        assertTrue(result.outLines().getFirst().startsWith("1 downloaded, 1 not found, 0 failed: "), result::all);
    }

    private static int indexOfPrefix(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    static String visible(String s) {
        return s.replace("\u001b", "ESC").replace("\r", "\\r").replace("\t", "\\t");
    }
}
