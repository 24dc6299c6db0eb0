package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.testsupport.OnRangeServer;
import io.loomget.testsupport.RawHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code --dry-run}: one line per URL with name, size, range support and validator; nothing downloaded. */
class DryRunTest extends OnRangeServer {

    static final Content BIG = Content.generated(5_000_000, 51);
    static final Content PLAIN = Content.generated(70_000, 52);

    @BeforeEach
    void start() {
        server.add("/big.bin", BIG).add("/plain.bin", PLAIN);
        server.behave("/plain.bin", Behaviour.builder().noRanges().build());
    }

    private Cli.Result dryRun(String... args) {
        var all = new ArrayList<>(List.of("--dry-run", "-d", dir.resolve("out").toString()));
        all.addAll(List.of(args));
        return Cli.run(all);
    }

    private static String lineFor(Cli.Result result, String name) {
        return result.outLines().stream().filter(l -> l.startsWith(name + "  ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + name + ":\n" + result.all()));
    }

    @Test
    void printsOneLinePerUrl() {
        var result = dryRun(url("/big.bin"), url("/plain.bin"));

        assertEquals(0, result.exit(), result::all);
        assertEquals(3, result.outLines().size(), result::all); // and the summary
    }

    @Test
    void lineShowsNameSizeRangeSupportValidatorAndUrl() {
        var result = dryRun(url("/big.bin"));

        var line = lineFor(result, "big.bin");
        assertTrue(Pattern.compile("^big\\.bin  4\\.77 MiB \\(5000000 bytes\\)  ranges yes  validator (\"[^\"]+\"|.+GMT)  "
                + Pattern.quote(url("/big.bin")) + "$").matcher(line).matches(), line);
    }

    @Test
    void serverWithoutRangesIsShownAsRangesNo() {
        var result = dryRun(url("/plain.bin"));

        var line = lineFor(result, "plain.bin");
        assertTrue(line.contains("  ranges no  "), line);
        assertTrue(line.contains("(70000 bytes)"), line);
    }

    @Test
    void downloadsNothing() throws IOException {
        var result = dryRun(url("/big.bin"), url("/plain.bin"));

        assertEquals(0, result.exit(), result::all);
        try (var files = Files.walk(dir)) {
            assertEquals(List.of(dir), files.toList(), "nothing may be written");
        }
    }

    @Test
    void asksOnlyOneRequestPerUrl() {
        dryRun(url("/big.bin"), url("/plain.bin"));

        assertEquals(1, server.requestCount("/big.bin"));
        assertEquals(1, server.requestCount("/plain.bin"));
    }

    @Test
    void notFoundUrlMakesExitStatusOne() {
        var result = dryRun(url("/big.bin"), url("/missing.bin"));

        assertEquals(1, result.exit(), result::all);
        assertTrue(result.err().contains(url("/missing.bin")), result::all);
        lineFor(result, "big.bin"); // the good URL is still reported
    }

    @Test
    void outNameFromTheInputFileIsShown() throws IOException {
        var links = dir.resolve("links.txt");
        Files.writeString(links, url("/big.bin") + "\n  out=renamed.iso\n");
        var result = dryRun("-i", links.toString());

        assertEquals(0, result.exit(), result::all);
        lineFor(result, "renamed.iso");
    }

    @Test
    void aDirectoryFromTheInputFileIsShownWithTheName() throws IOException {
        var links = dir.resolve("links.txt");
        Files.writeString(links, url("/big.bin") + "\n  dir=sub1\n  out=renamed.iso\n");
        var result = dryRun("-i", links.toString());

        assertEquals(0, result.exit(), result::all);
        lineFor(result, "sub1/renamed.iso");
    }

    @Test
    void aValidatorWithAControlCharacterIsPrintedEscaped() {
        // The JDK client lets C1 bytes (obs-text) through in header values: 0x9b is CSI on some terminals.
        try (var raw = RawHttpServer.start((request, out) -> out.write(("HTTP/1.1 206 Partial Content\r\n"
                + "Content-Range: bytes 0-9/10\r\nContent-Length: 10\r\nETag: \"v\u009b2J\"\r\n"
                + "Connection: close\r\n\r\n0123456789").getBytes(StandardCharsets.ISO_8859_1)))) {

            var result = dryRun(raw.uri("/v.bin").toString());

            assertFalse(result.all().contains("\u009b"), result::all);
            assertTrue(lineFor(result, "v.bin").contains("validator \"v\\x9b2J\""), result::all);
        }
    }

    @Test
    void jsonDryRunPrintsJsonLines() {
        var result = dryRun("--json", url("/big.bin"));

        assertEquals(0, result.exit(), result::all);
        JsonLines.parse(result.out()); // --json promises JSON Lines on stdout
    }

    @Test
    void endsWithASummaryOfItsOwn() {
        var result = dryRun(url("/big.bin"), url("/missing.bin"), "ftp://example.com/x");

        assertEquals(1, result.exit(), result::all);
        assertTrue(result.outLines().getLast().matches("dry run: 1 probed, 2 failed in \\S+ s; nothing was downloaded"),
                result::all);
        assertTrue(result.errLines().stream().anyMatch(l -> l.startsWith("loomget: failed: command line: ")
                && l.contains("ftp://example.com/x")), result::all);
    }

    @Test
    void jsonDryRunNamesTheInputEntryOfAUrlThatFailed() {
        var result = dryRun("--json", url("/missing.bin"));

        var failed = JsonLines.parse(result.out()).stream().filter(e -> "failed".equals(e.get("event"))).toList();
        assertEquals(1, failed.size(), result::all);
        assertEquals("command line", failed.getFirst().get("source"), result::all);
    }

    @Test
    void jsonDryRunEndsWithASummaryObjectAndReportsBadUrls() {
        var result = dryRun("--json", url("/big.bin"), "ftp://example.com/x");

        var events = JsonLines.parse(result.out());
        assertTrue(events.stream().anyMatch(e -> "failed".equals(e.get("event")) && "ftp://example.com/x".equals(e.get("url"))),
                result::all);
        var last = events.getLast();
        assertEquals("summary", last.get("event"), result::all);
        assertEquals(true, last.get("dry_run"), result::all);
        assertEquals(1, ((Number) last.get("probed")).intValue(), result::all);
        assertEquals(1, ((Number) last.get("failed")).intValue(), result::all);
    }
}
