package io.loomget.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.loomget.ThreadKind;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.Sha256;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The command line as a user meets it: exit codes, what is printed where, and what lands on disk. */
@Timeout(60)
class LoomgetCommandTest {

    private static final Content ONE = Content.generated(300_000, 1);
    private static final Content TWO = Content.generated(40_000, 2);

    @TempDir
    Path root;

    private Path out;
    private RangeServer server;
    private final StringWriter stdout = new StringWriter();
    private final StringWriter stderr = new StringWriter();

    @BeforeEach
    void startServer() {
        out = root.resolve("out");
        server = RangeServer.builder().start().add("/one.bin", ONE).add("/two.bin", TWO);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void exitsZeroWhenEveryFileIsDownloaded() {
        int exit = run("-d", out.toString(), "-k", "10K", url("/one.bin"), url("/two.bin"));

        assertEquals(0, exit, stderr::toString);
        assertEquals(ONE.sha256Hex(), Sha256.of(out.resolve("one.bin")));
        assertEquals(TWO.sha256Hex(), Sha256.of(out.resolve("two.bin")));
    }

    @Test
    void printsALinePerFileAndASummary() {
        run("-d", out.toString(), url("/one.bin"), url("/two.bin"));

        var lines = stdout.toString().lines().toList();
        assertEquals(1, lines.stream().filter(l -> l.matches("done\\s+one\\.bin\\s.*")).count(), stdout::toString);
        assertEquals(1, lines.stream().filter(l -> l.matches("done\\s+two\\.bin\\s.*")).count(), stdout::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("2 downloaded, 0 not found, 0 failed: ")), stdout::toString);
        assertFalse(stderr.toString().contains("failed"), stderr::toString);
    }

    @Test
    void quietPrintsOnlyTheSummary() {
        run("-q", "-d", out.toString(), url("/one.bin"));

        assertEquals(List.of(), stdout.toString().lines().filter(l -> l.startsWith("done")).toList());
        assertTrue(stdout.toString().contains("1 downloaded, 0 not found, 0 failed"), stdout::toString);
    }

    @Test
    void exitsOneWhenAUrlIsNotFoundAndNamesItOnStderr() {
        var missing = url("/missing.bin");

        int exit = run("-d", out.toString(), url("/one.bin"), missing);

        assertEquals(1, exit);
        var errorLine = stderr.toString().lines().filter(l -> l.contains(missing)).findFirst().orElse("");
        assertTrue(errorLine.contains("404"), stderr::toString);
        assertTrue(stdout.toString().contains("1 downloaded, 1 not found, 0 failed"), stdout::toString);
        assertEquals(ONE.sha256Hex(), Sha256.of(out.resolve("one.bin")), "the other file is still downloaded");
        assertFalse(Files.exists(out.resolve("missing.bin")));
    }

    @Test
    void credentialsInAUrlAreNeverPrinted() {
        var withPassword = server.uri("/missing.bin").toString().replace("://", "://alice:s3cret@");

        int exit = run("-d", out.toString(), withPassword);

        assertEquals(1, exit);
        assertTrue(stderr.toString().contains("/missing.bin"), stderr::toString);
        assertFalse(stderr.toString().contains("s3cret"), stderr::toString);
        assertFalse(stdout.toString().contains("s3cret"), stdout::toString);
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of("no URL", List.of()),
                Arguments.of("-o with two URLs", List.of("-o", "x.bin", "@/one.bin", "@/two.bin")),
                Arguments.of("-x 0", List.of("-x", "0", "@/one.bin")),
                Arguments.of("-j 0", List.of("-j", "0", "@/one.bin")),
                Arguments.of("--threads bogus", List.of("--threads", "bogus", "@/one.bin")),
                Arguments.of("unknown option", List.of("--frobnicate", "@/one.bin")),
                Arguments.of("-k garbage", List.of("-k", "garbage", "@/one.bin")),
                Arguments.of("-x not a number", List.of("-x", "many", "@/one.bin")),
                Arguments.of("--retries -1", List.of("--retries", "-1", "@/one.bin")),
                Arguments.of("missing input file", List.of("-i", "/nonexistent/links.txt")),
                Arguments.of("-H with a line break", List.of("-H", "X-A: a\r\nX-Evil: b", "@/one.bin")),
                Arguments.of("-s 0", List.of("-s", "0", "@/one.bin")),
                Arguments.of("--max-connections-per-host 0", List.of("--max-connections-per-host", "0", "@/one.bin")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            -x 0             | loomget: -x must be at least 1, got 0
            -s 0             | loomget: -s must be at least 1, got 0
            --timeout 0      | loomget: --timeout must be more than 0 seconds, got 0.0 s
            --retry-wait -1  | loomget: Invalid value for option '--retry-wait': '-1' is not from 0 to 86400 seconds (a day)
            --timeout 1e9    | loomget: Invalid value for option '--timeout': '1e9' is not from 0 to 86400 seconds (a day)
            --timeout soon   | loomget: Invalid value for option '--timeout': 'soon' is not a number of seconds
            """)
    void aValueOutOfRangeIsNamedByItsOption(String option, String message) {
        var argv = new ArrayList<String>(List.of("-d", out.toString()));
        argv.addAll(List.of(option.split(" ")));
        argv.add(url("/one.bin"));

        assertEquals(2, run(argv.toArray(String[]::new)));
        assertEquals(message, stderr.toString().lines().findFirst().orElse(""));
    }

    @Test
    void aListFileGivenWhereAUrlGoesIsSaidToNeedDashI() throws Exception {
        var links = Files.writeString(root.resolve("links.txt"), url("/one.bin") + "\n");

        assertEquals(1, run("-d", out.toString(), links.toString()));
        assertEquals("loomget: failed: command line: not an http(s) URL: '" + links + "'; a URL starts with https:// or"
                + " http://; to read URLs from the file " + links + ", give -i " + links,
                stderr.toString().lines().findFirst().orElse(""));
        assertEquals(0, server.requests().size(), "nothing was requested");
    }

    @Test
    void anEmptyInputFileSaysItHasNoUrl() throws Exception {
        var empty = Files.writeString(Files.createTempFile("empty", ".txt"), "# nothing here\n");

        assertEquals(2, run("-d", out.toString(), "-i", empty.toString()));
        assertEquals("loomget: no URL given: " + empty + " has none", stderr.toString().lines().findFirst().orElse(""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageErrors")
    void usageErrorExitsTwoWithAOneLineMessageAndWritesNothing(String what, List<String> args) {
        var argv = new ArrayList<String>(List.of("-d", out.toString()));
        args.forEach(a -> argv.add(a.startsWith("@") ? url(a.substring(1)) : a));

        int exit = run(argv.toArray(String[]::new));

        assertEquals(2, exit, () -> what + ": " + stderr);
        var errors = stderr.toString().lines().filter(l -> !l.startsWith("Try 'loomget --help'")).toList();
        assertEquals(1, errors.size(), () -> "one line: " + stderr);
        assertTrue(errors.getFirst().startsWith("loomget: "), errors::toString);
        assertEquals("", stdout.toString(), "no usage dump, no progress");
        assertFalse(Files.exists(out), "the output directory was not even created");
        assertEquals(0, server.requests().size(), "nothing was requested");
    }

    @Test
    void outNameSavesTheSingleUrlUnderThatName() {
        int exit = run("-d", out.toString(), "-o", "chosen.dat", url("/one.bin"));

        assertEquals(0, exit, stderr::toString);
        assertEquals(ONE.sha256Hex(), Sha256.of(out.resolve("chosen.dat")));
    }

    @Test
    void platformThreadsDownloadCorrectly() {
        int exit = run("--threads", "platform", "-x", "4", "-k", "10K", "-d", out.toString(), url("/one.bin"));

        assertEquals(0, exit, stderr::toString);
        assertEquals(ONE.sha256Hex(), Sha256.of(out.resolve("one.bin")));
        assertTrue(server.requests().size() > 1, "the file was split");
    }

    @Test
    void theSubcommandNamesAreTheOnesTheCommandAdds() {
        assertEquals(LoomgetCommand.SUBCOMMAND_NAMES, LoomgetCommand.commandLine().getSubcommands().keySet());
    }

    @Test
    void aDownloadRunIsBuiltWithoutSubcommands() {
        var cl = LoomgetCommand.commandLineFor(new String[] {"-q", "-j4", "-x16", "-d", "out", url("/one.bin")});

        assertTrue(cl.getSubcommands().isEmpty(), () -> cl.getSubcommands().keySet().toString());
    }

    @ParameterizedTest
    @MethodSource("argumentsThatMayNeedSubcommands")
    void aRunThatNamesASubcommandOrAsksForHelpGetsThemAll(List<String> args) {
        var cl = LoomgetCommand.commandLineFor(args.toArray(String[]::new));

        assertEquals(LoomgetCommand.SUBCOMMAND_NAMES, cl.getSubcommands().keySet());
    }

    static Stream<List<String>> argumentsThatMayNeedSubcommands() {
        return Stream.of(List.of("--help"), List.of("-h"), List.of("-qh"), List.of("demo", "-x4"), List.of("help", "demo"),
                List.of("generate-completion"), List.of("generate-man-page"), List.of("-q", "help"));
    }

    @Test
    void helpListsTheSubcommandsAsBefore() {
        var full = LoomgetCommand.commandLine();
        var forHelp = LoomgetCommand.commandLineFor(new String[] {"--help"});

        assertEquals(full.getUsageMessage(CommandLine.Help.Ansi.OFF), forHelp.getUsageMessage(CommandLine.Help.Ansi.OFF));
        assertTrue(forHelp.getUsageMessage(CommandLine.Help.Ansi.OFF).contains("demo"));
    }

    @Test
    void gluedShortOptionsParse() {
        var cl = LoomgetCommand.commandLine();
        cl.parseArgs("-x16", "-s16", "-k1M", "-j2", "--threads=PLATFORM", url("/one.bin"));
        var command = (LoomgetCommand) cl.getCommand();

        var settings = command.settings();

        assertEquals(16, settings.connectionsPerFile());
        assertEquals(16, settings.splits());
        assertEquals(1L << 20, settings.minSplitSize());
        assertEquals(2, settings.filesAtOnce());
        assertEquals(ThreadKind.PLATFORM, settings.threads());
    }

    @Test
    void gluedShortOptionsDownload() {
        int exit = run("-x16", "-s16", "-k16K", "-d", out.toString(), url("/one.bin"));

        assertEquals(0, exit, stderr::toString);
        assertEquals(ONE.sha256Hex(), Sha256.of(out.resolve("one.bin")));
    }

    @Test
    void inputFileUrlsAreDownloadedAndItsBadLinesReported() throws Exception {
        var links = root.resolve("links.txt");
        Files.writeString(links, url("/one.bin") + "\nnot a url\n" + url("/two.bin") + "\n  out=renamed.bin\n");

        int exit = run("-d", out.toString(), "-i", links.toString());

        assertEquals(1, exit, "a bad line counts as a failure");
        assertTrue(stderr.toString().contains(links + ":2"), stderr::toString);
        assertEquals(ONE.sha256Hex(), Sha256.of(out.resolve("one.bin")));
        assertEquals(TWO.sha256Hex(), Sha256.of(out.resolve("renamed.bin")));
    }

    @Test
    void anInputFileThatIsAPipeIsReadOnceAndDownloaded() throws Exception {
        // As `-i <(make-list)` or `make-list | loomget -i /dev/stdin` give it: a pipe, whose bytes only
        // one reader gets.
        var pipe = root.resolve("links.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start().waitFor(), "mkfifo");
        Thread.ofVirtual().start(() -> {
            try {
                Files.writeString(pipe, url("/one.bin") + "\n" + url("/two.bin") + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        var exit = new CompletableFuture<Integer>();

        var cli = Thread.ofVirtual().start(() -> exit.complete(run("-d", out.toString(), "-i", pipe.toString())));

        if (!cli.join(Duration.ofSeconds(30))) {
            // A second open of the pipe waits for a writer that never comes, in a call nothing interrupts.
            Files.newOutputStream(pipe).close();
            fail("the pipe was opened a second time; " + stderr);
        }
        assertEquals(0, exit.join(), stderr::toString);
        assertEquals(ONE.sha256Hex(), Sha256.of(out.resolve("one.bin")));
        assertEquals(TWO.sha256Hex(), Sha256.of(out.resolve("two.bin")));
    }

    @Test
    void versionNamesTheJavaRuntime() {
        int exit = run("--version");

        assertEquals(0, exit);
        assertTrue(stdout.toString().startsWith("loomget "), stdout::toString);
        assertTrue(stdout.toString().contains("Java " + System.getProperty("java.version")), stdout::toString);
    }

    @Test
    void helpExitsZeroAndListsTheOptions() {
        int exit = run("--help");

        assertEquals(0, exit);
        assertTrue(stdout.toString().contains("--max-connection-per-file"), stdout::toString);
    }

    private int run(String... args) {
        var cl = LoomgetCommand.commandLine();
        cl.setOut(new PrintWriter(stdout, true));
        cl.setErr(new PrintWriter(stderr, true));
        return cl.execute(args);
    }

    private String url(String path) {
        return server.uri(path).toString();
    }
}
