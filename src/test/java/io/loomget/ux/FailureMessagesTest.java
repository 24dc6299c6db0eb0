package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.RawHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failure is said in words and reaches {@code --json} as a {@code failed} event: bad URLs on the
 * command line and skipped input entries included.
 */
@Timeout(60)
class FailureMessagesTest {

    static final Content FILE = Content.generated(20_000, 42);

    @TempDir
    Path tmp;
    private RangeServer server;

    @BeforeEach
    void start() {
        server = RangeServer.builder().build().start();
        server.add("/ok.bin", FILE);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String url(String path) {
        return server.uri(path).toString();
    }

    private static List<Map<String, Object>> failed(Cli.Result result) {
        return JsonLines.parse(result.out()).stream().filter(e -> "failed".equals(e.get("event"))).toList();
    }

    @Test
    void insecureIsWarnedAboutOnStderrBeforeTheDownload() {
        var result = Cli.run("-q", "--check-certificate=false", "-d", tmp.toString(), url("/ok.bin"));

        assertEquals(0, result.exit(), result::all);
        assertTrue(result.err().startsWith("loomget: WARNING: --insecure: server certificates and host names are NOT"
                + " checked"), result::all);
    }

    @Test
    void aCaCertificateFileThatIsNotPemIsAUsageErrorNamingTheOption() throws IOException {
        var notPem = Files.writeString(tmp.resolve("ca.txt"), "not a certificate\n");

        var result = Cli.run("--ca-certificate", notPem.toString(), "-d", tmp.resolve("out").toString(), url("/ok.bin"));

        assertEquals(2, result.exit(), result::all);
        assertTrue(result.err().startsWith("loomget: --ca-certificate: no PEM certificate"), result::all);
        assertFalse(Files.exists(tmp.resolve("out")), "nothing written");
    }

    @Test
    void aDerCaCertificateIsAUsageErrorSayingHowToMakeItPem() throws Exception {
        var ca = io.loomget.testsupport.LocalCa.create(Files.createDirectories(tmp.resolve("pki")), "DER test CA");
        var pem = Files.readString(ca.certificate()).replaceAll("-----[A-Z ]+-----|\\s", "");
        var der = Files.write(tmp.resolve("ca.der"), java.util.Base64.getDecoder().decode(pem));

        var result = Cli.run("--ca-certificate", der.toString(), "-d", tmp.resolve("out").toString(), url("/ok.bin"));

        assertEquals(2, result.exit(), result::all);
        assertTrue(result.err().startsWith("loomget: --ca-certificate: " + der + " is a DER (binary) certificate;"
                + " loomget reads PEM (convert it with: openssl x509 -inform DER -in " + der + " -out " + der + ".pem)"),
                result::all);
        assertFalse(Files.exists(tmp.resolve("out")), "nothing written");
    }

    @Test
    void aBadCommandLineUrlIsAFailedJsonEvent() {
        var result = Cli.run("--json", "-d", tmp.toString(), url("/ok.bin"), "ftp://example.com/x");

        assertEquals(1, result.exit(), result::all);
        var failed = failed(result);
        assertEquals(1, failed.size(), result::all);
        assertEquals("ftp://example.com/x", failed.getFirst().get("url"));
        assertEquals("command line", failed.getFirst().get("source"));
        assertTrue(((String) failed.getFirst().get("error")).startsWith("not an http(s) URL"), result::all);
        assertEquals("", result.err(), "--json says it on stdout, not only on stderr");
        var summary = JsonLines.parse(result.out()).getLast();
        assertEquals(1, ((Number) summary.get("failed")).intValue(), result::all);
    }

    @Test
    void aSkippedInputEntryIsAFailedJsonEventNamingItsLineAndUrl() throws IOException {
        var links = Files.writeString(tmp.resolve("links.txt"), url("/ok.bin") + "\n  colour=blue\n");

        var result = Cli.run("--json", "-d", tmp.resolve("out").toString(), "-i", links.toString());

        var failed = failed(result);
        assertEquals(1, failed.size(), result::all);
        assertEquals(url("/ok.bin"), failed.getFirst().get("url"));
        assertEquals(links + ":2", failed.getFirst().get("source"));
        assertTrue(((String) failed.getFirst().get("error")).endsWith("skipped the entry at " + links + ":1 (" + url("/ok.bin") + ")"),
                result::all);
    }

    @Test
    void aPortAbove65535IsAnInvalidUrlNotADownloadFailure() {
        var bad = "http://127.0.0.1:99999/x.bin";

        var result = Cli.run("-d", tmp.toString(), url("/ok.bin"), bad);

        assertEquals(1, result.exit(), result::all);
        assertEquals(List.of("loomget: failed: command line: not a valid URL: '" + bad + "' (port 99999 is out of range)"),
                result.errLines(), result::all);
    }

    @Test
    void anOutputDirectoryThatCannotBeCreatedSaysWhy() {
        var result = Cli.run("-d", "/proc/nope", url("/ok.bin"));

        assertEquals(2, result.exit(), result::all);
        assertEquals("loomget: cannot create output directory /proc/nope: no such file or directory", result.errLines().getFirst());
    }

    @Test
    void aFileInTheWayOfTheOutputDirectorySaysSo() throws IOException {
        var file = Files.writeString(tmp.resolve("file"), "x");

        var underIt = Cli.run("-d", file.resolve("sub").toString(), url("/ok.bin"));
        var itself = Cli.run("-d", file.toString(), url("/ok.bin"));

        assertEquals("loomget: cannot create output directory " + file.resolve("sub") + ": not a directory",
                underIt.errLines().getFirst(), underIt::all);
        assertEquals("loomget: cannot create output directory " + file + ": a file is in the way",
                itself.errLines().getFirst(), itself::all);
        assertEquals(0, server.requests().size());
    }

    @Test
    void aFileInTheWayOfAnOutPathsDirectoryFailsThatDownloadNamingTheDirectory() throws IOException {
        var dir = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(dir.resolve("sub"), "x");

        var result = Cli.run("-d", dir.toString(), "-o", "sub/x.bin", url("/ok.bin"));

        assertEquals(1, result.exit(), result::all);
        assertEquals(List.of("loomget: failed: " + url("/ok.bin") + ": cannot create directory " + dir.resolve("sub")
                + ": a file is in the way"), result.errLines(), result::all);
    }

    @Test
    void aHostHeaderInAnInputFileIsRefusedLikeMinusH() throws IOException {
        var links = Files.writeString(tmp.resolve("links.txt"), url("/ok.bin") + "\n  header=Host: evil.example\n");

        var fromFile = Cli.run("-d", tmp.resolve("out").toString(), "-i", links.toString());
        var fromOption = Cli.run("-d", tmp.resolve("out").toString(), "-H", "Host: evil.example", url("/ok.bin"));

        assertTrue(fromFile.errLines().getFirst().startsWith("loomget: failed: " + links + ":2: header 'Host' cannot be set: "),
                fromFile::all);
        assertTrue(fromOption.errLines().getFirst().startsWith("loomget: -H: header 'Host' cannot be set: "), fromOption::all);
        assertEquals(0, server.requests().size(), "neither was sent");
    }

    @Test
    void aControlCharacterFromTheServerNeverReachesStderrOrJson() {
        try (var raw = RawHttpServer.start((request, out) -> out.write(("HTTP/1.1 200 OK\r\n"
                + "Content-Disposition: attachment; filename=\"e\u001b[31mred\u001b[0m.txt\"\r\n"
                + "Content-Length: 2\r\nConnection: close\r\n\r\nhi").getBytes(StandardCharsets.ISO_8859_1)))) {
            var url = raw.uri("/f.txt").toString();

            var log = Cli.run("-d", tmp.toString(), url);
            var json = Cli.run("--json", "-d", tmp.toString(), url);

            assertEquals(1, log.exit(), log::all);
            assertFalse(log.all().contains("\u001b"), log::all);
            var line = log.errLines().stream().filter(l -> l.startsWith("loomget: failed: ")).findFirst().orElseThrow();
            assertEquals("loomget: failed: " + url + ": bad HTTP response: Invalid header value \"Content-Disposition:"
                    + " attachment; filename=\"e\\x1b[31mred\\x1b[0m.txt\"\"", line, log::all);
            assertFalse(json.out().contains("\u001b") || json.out().contains("\\u001b"), json::all);
            var failed = failed(json).getFirst();
            assertEquals(line.substring(("loomget: failed: " + url + ": ").length()), failed.get("error"), "the same text");
            assertEquals("protocol", failed.get("reason"));
        }
    }

    /** The one line a body cut short by the server ends with, after the retries. */
    private String cutShortLine(String response) {
        try (var raw = RawHttpServer.start((request, out) -> out.write(response.getBytes(StandardCharsets.ISO_8859_1)))) {
            var url = raw.uri("/f.txt").toString();

            var log = Cli.run("--retries", "0", "-d", tmp.toString(), url);

            assertEquals(1, log.exit(), log::all);
            var prefix = "loomget: failed: " + url + ": ";
            var line = log.errLines().stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(log.all()));
            return line.substring(prefix.length());
        }
    }

    @Test
    void aBodyCutShortSaysHowManyBytesCameAndThatTheServerClosedTheConnection() {
        assertEquals("the answer ended after 5 of 11 bytes: the server closed the connection",
                cutShortLine("HTTP/1.1 200 OK\r\nContent-Length: 11\r\nConnection: close\r\n\r\nhello"));
    }

    @Test
    void aChunkedBodyCutShortSaysItsLastChunkNeverCame() {
        assertEquals("the answer ended before its last chunk: the server closed the connection",
                cutShortLine("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n"));
    }

    @Test
    void helpListsEveryChecksumAlgorithmAndTheDemoUsageShowsMinusX() {
        var help = Cli.run("--help");

        var text = help.out().replaceAll("\\s+", " "); // the help wraps to the terminal's width
        assertTrue(text.contains("sha-256, sha-512, sha-1 or md5"), help::all);
        assertTrue(help.out().contains("loomget demo [-d DIR] [-x N] [--threads KIND]"), help::all);
    }
}
