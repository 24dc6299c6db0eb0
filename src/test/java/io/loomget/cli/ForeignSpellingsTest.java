package io.loomget.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.Settings;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.Sha256;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What curl, wget and aria2 users type: a spelling that means what a loomget option means is that
 * option; one that means something else is a one-line usage error naming the option to use.
 */
@Timeout(60)
class ForeignSpellingsTest {

    private static final Content ONE = Content.generated(40_000, 1);

    @TempDir
    Path root;

    private Path out;
    private RangeServer server;
    private final StringWriter stdout = new StringWriter();
    private final StringWriter stderr = new StringWriter();

    @BeforeEach
    void startServer() {
        out = root.resolve("out");
        server = RangeServer.builder().start().add("/one.bin", ONE);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            -O                        | loomget: unknown option '-O': curl's -O (save under the URL's name) is what loomget always does; -o NAME (wget's -O) chooses a name
            -C -                      | loomget: unknown option '-C': curl's -C - is -c (--continue) here
            -L                        | loomget: unknown option '-L': loomget always follows redirects (curl's -L); leave it out
            -A agent                  | loomget: unknown option '-A': the User-Agent is -U AGENT (--user-agent)
            --max-tries=3             | loomget: unknown option '--max-tries': use --retries N, the retries after the first try (aria2's --max-tries 5 and wget's --tries 5 are --retries 4)
            --http-user alice         | loomget: unknown option '--http-user': the login is one option here: --user USER:PASSWORD
            --max-download-limit 1M   | loomget: unknown option '--max-download-limit': loomget's speed limit is for the whole run, over all downloads: --limit-rate SPEED (aria2's --max-overall-download-limit)
            -P downloads              | loomget: unknown option '-P': the directory is -d DIR (--dir) (wget's -P)
            -I                        | loomget: unknown option '-I': probing without downloading is --dry-run (curl's -I)
            -nv                       | loomget: unknown option '-nv': wget's -nv (less output) is -q (--quiet) here
            -nd                       | loomget: unknown option '-nd': wget's -nd: loomget fetches the URLs it is given, into -d, and follows no links: leave it out
            -v                        | loomget: unknown option '-v': loomget has no verbose mode: it prints a line per event when not on a terminal, and --json gives every event (the version, aria2's -v, is -V)
            --file-allocation=none    | loomget: unknown option '--file-allocation': loomget allocates no space ahead (aria2's --file-allocation=none); leave it out
            --output x.bin            | loomget: unknown option '--output': the file name is -o NAME (--out); without it loomget saves under the URL's name
            """)
    void anotherToolsSpellingIsAOneLineUsageErrorNamingLoomgetsOption(String typed, String message) {
        var argv = new ArrayList<String>(List.of("-d", out.toString()));
        argv.addAll(List.of(typed.split(" ")));
        argv.add(url("/one.bin"));

        int exit = run(argv.toArray(String[]::new));

        assertEquals(2, exit, stderr::toString);
        assertEquals(message, stderr.toString().lines().findFirst().orElse(""));
        assertEquals(0, server.requests().size(), "nothing was requested");
        assertFalse(Files.exists(out), "nothing was written");
    }

    @Test
    void anUnknownOptionWithoutAHintIsStillSaidAsPicocliSaysIt() {
        assertEquals(2, run("-d", out.toString(), "--frobnicate", url("/one.bin")));
        assertEquals("loomget: Unknown option: '--frobnicate'", stderr.toString().lines().findFirst().orElse(""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            -x http://proxy:3128 | loomget: Invalid value for option '--max-connection-per-file': 'http://proxy:3128' is not an int; a proxy is --proxy HOST:PORT (curl's -x)
            -k                   | loomget: Invalid value for option '--min-split-size': '@' is not a size (e.g. 512K, 1M, 2G); not checking certificates is --insecure (curl's -k)
            -s                   | loomget: Invalid value for option '--split': '@' is not an int; the quiet mode is -q (curl's -s)
            """)
    void curlsShortOptionTakingTheUrlAsItsValueSaysWhatCurlMeant(String typed, String message) {
        var argv = new ArrayList<String>(List.of("-d", out.toString()));
        argv.addAll(List.of(typed.split(" ")));
        argv.add(url("/one.bin"));

        assertEquals(2, run(argv.toArray(String[]::new)));
        assertEquals(message.replace("'@'", "'" + url("/one.bin") + "'"), stderr.toString().lines().findFirst().orElse(""));
    }

    @Test
    void aBadValueNamesTheOptionByItsOwnNameNotByItsLongerAlias() {
        assertEquals(2, run("-d", out.toString(), "--limit-rate", "5X", url("/one.bin")));
        assertEquals("loomget: Invalid value for option '--limit-rate': '5X' is not a size (e.g. 512K, 1M, 2G)",
                stderr.toString().lines().findFirst().orElse(""));
    }

    @Test
    void allProxyIsProxy() {
        assertEquals("127.0.0.1:3128", parse("--all-proxy", "127.0.0.1:3128").proxy());
    }

    @Test
    void maxOverallDownloadLimitIsLimitRate() {
        assertEquals(2L << 20, parse("--max-overall-download-limit=2M").limitRate());
    }

    @Test
    void maxConnectionPerServerIsDashX() {
        assertEquals(3, parse("--max-connection-per-server=3").connectionsPerFile());
    }

    @Test
    void curlsDashUIsUser() {
        assertEquals("alice:s3cret", parse("-u", "alice:s3cret").credentials());
    }

    @Test
    void wgetsNoCheckCertificateIsInsecure() {
        assertTrue(parse("--no-check-certificate").insecure());
    }

    @Test
    void anAliasDownloadsAsItsOptionDoes() {
        int exit = run("-d", out.toString(), "--max-connection-per-server=2", "--max-overall-download-limit=0",
                url("/one.bin"));

        assertEquals(0, exit, stderr::toString);
        assertEquals(ONE.sha256Hex(), Sha256.of(out.resolve("one.bin")));
    }

    private Settings parse(String... options) {
        var cl = LoomgetCommand.commandLine();
        var argv = new ArrayList<String>(List.of(options));
        argv.add(url("/one.bin"));
        cl.parseArgs(argv.toArray(String[]::new));
        return ((LoomgetCommand) cl.getCommand()).settings();
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
