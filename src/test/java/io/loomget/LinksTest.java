package io.loomget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Links files as aria2 reads them: one URL a line, indented options below it, problems by line number. */
class LinksTest {

    private static final String SHA = "a".repeat(64);

    @Test
    void oneRequestPerUrlLineInOrder() throws IOException {
        var parsed = read("""
                https://example.com/a.iso
                http://example.com/b.zip
                """);

        assertRequestsWithoutProblems(parsed, "https://example.com/a.iso", "http://example.com/b.zip");
    }

    @Test
    void blankLinesAndCommentsAreSkipped() throws IOException {
        var parsed = read("""
                # my downloads

                   # an indented comment
                https://example.com/a.iso
                \t
                #https://example.com/commented-out.iso
                https://example.com/b.iso
                """);

        assertRequestsWithoutProblems(parsed, "https://example.com/a.iso", "https://example.com/b.iso");
    }

    @Test
    void eachRequestNamesItsLine() throws IOException {
        var parsed = read("""
                # header
                https://example.com/a.iso

                https://example.com/b.iso
                """);

        assertEquals(List.of("links.txt:2", "links.txt:4"), parsed.requests().stream().map(DownloadRequest::source).toList());
    }

    @Test
    void malformedUrlIsReportedWithItsLineNumberAndTheOthersAreKept() throws IOException {
        var parsed = read("""
                https://example.com/a.iso
                https://exa mple.com/b.iso
                https://example.com/c.iso
                """);

        assertEquals(List.of(URI.create("https://example.com/a.iso"), URI.create("https://example.com/c.iso")), uris(parsed));
        assertEquals(1, parsed.problems().size());
        assertEquals("links.txt:2", parsed.problems().getFirst().source());
        assertTrue(parsed.problems().getFirst().toString().startsWith("links.txt:2: "), parsed.problems().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/a.iso", "example.com/a.iso", "file:///etc/passwd", "https:///no-host", "mailto:x@example.com"})
    void nonHttpUrlIsAProblemOfItsLine(String line) throws IOException {
        var parsed = read("https://example.com/ok\n" + line + "\n");

        assertEquals(1, parsed.requests().size());
        assertEquals(List.of("links.txt:2"), parsed.problems().stream().map(InputProblem::source).toList());
    }

    @Test
    void optionLinesApplyToTheUrlAbove() throws IOException {
        var parsed = read("""
                https://example.com/a.iso
                  out=renamed.iso
                  dir=isos
                  checksum=sha-256=%s
                  header=Authorization: Bearer abc
                  header=X-Trace:  42
                \tsplit=4
                https://example.com/b.iso
                """.formatted(SHA));

        var a = parsed.requests().get(0);
        assertEquals("renamed.iso", a.outName());
        assertEquals(Path.of("isos"), a.dir());
        assertEquals(new Checksum("SHA-256", SHA), a.checksum());
        assertEquals(Map.of("Authorization", "Bearer abc", "X-Trace", "42"), a.headers());
        assertEquals(4, a.connections());
        var b = parsed.requests().get(1);
        assertNull(b.outName());
        assertNull(b.dir());
        assertNull(b.checksum());
        assertNull(b.connections());
        assertEquals(Map.of(), b.headers());
        assertEquals(List.of(), parsed.problems());
    }

    @Test
    void aSessionFilesGidLinesAreIgnored() throws IOException {
        var parsed = read("""
                https://example.com/a.iso
                  gid=2089b05ecca3d829
                  out=a.iso
                """);

        assertEquals(List.of(URI.create("https://example.com/a.iso")), uris(parsed));
        assertEquals(List.of(), parsed.problems());
    }

    @Test
    void unknownOptionIsReportedWithItsLineNumberAndDropsOnlyItsUrl() throws IOException {
        var parsed = read("""
                https://example.com/a.iso
                  colour=blue
                https://example.com/b.iso
                """);

        assertEquals(List.of(URI.create("https://example.com/b.iso")), uris(parsed));
        assertEquals(1, parsed.problems().size());
        var problem = parsed.problems().getFirst();
        assertEquals("links.txt:2", problem.source());
        assertTrue(problem.message().contains("colour"), problem.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"split=0", "split=-1", "split=many", "header=NoColon", "checksum=sha-256=xyz",
        "checksum=crc32=abcd", "checksum=nonsense", "=value", "justtext"})
    void badOptionValueIsAProblemOfItsLine(String option) throws IOException {
        var parsed = read("https://example.com/a.iso\n  " + option + "\nhttps://example.com/b.iso\n");

        assertEquals(List.of(URI.create("https://example.com/b.iso")), uris(parsed));
        assertEquals(List.of("links.txt:2"), parsed.problems().stream().map(InputProblem::source).toList());
    }

    @Test
    void onlyTheFirstBadOptionOfAUrlIsReported() throws IOException {
        var parsed = read("https://example.com/a.iso\n  bogus=1\n  alsobogus=2\n");

        assertEquals(List.of("links.txt:2"), parsed.problems().stream().map(InputProblem::source).toList());
    }

    @Test
    void optionLineWithNoUrlAboveIsAProblem() throws IOException {
        var parsed = read("  out=x.iso\nhttps://example.com/a.iso\n");

        assertEquals(1, parsed.requests().size());
        assertEquals(List.of("links.txt:1"), parsed.problems().stream().map(InputProblem::source).toList());
    }

    @Test
    void optionsOfABadUrlAreIgnoredWithoutMoreProblems() throws IOException {
        var parsed = read("not a url\n  out=x.iso\nhttps://example.com/a.iso\n");

        assertEquals(1, parsed.requests().size());
        assertEquals(List.of("links.txt:1"), parsed.problems().stream().map(InputProblem::source).toList());
    }

    @Test
    void tabSeparatedUrlsAreMirrorsOfOneFile() throws IOException {
        var parsed = read("https://a.example/x.iso\thttps://b.example/x.iso\t\thttps://c.example/x.iso\n");

        assertEquals(1, parsed.requests().size());
        var request = parsed.requests().getFirst();
        assertEquals(URI.create("https://a.example/x.iso"), request.uri());
        assertEquals(List.of(URI.create("https://b.example/x.iso"), URI.create("https://c.example/x.iso")), request.mirrors());
        assertEquals(List.of(), parsed.problems());
    }

    @Test
    void badMirrorIsAProblemOfItsLine() throws IOException {
        var parsed = read("https://a.example/x.iso\tftp://b.example/x.iso\nhttps://example.com/ok\n");

        assertEquals(List.of(URI.create("https://example.com/ok")), uris(parsed));
        assertEquals(List.of("links.txt:1"), parsed.problems().stream().map(InputProblem::source).toList());
    }

    @Test
    void aBadMirrorSaysThatItsLinesGoodUrlsWereSkippedToo() throws IOException {
        var parsed = read("https://a.example/x.iso\tnot-a-url\n");

        assertEquals(List.of(), parsed.requests());
        assertEquals("not an http(s) URL: 'not-a-url'; a URL starts with https:// or http://; skipped the entry with its other URLs",
                parsed.problems().getFirst().message());
    }

    @Test
    void aBadSingleUrlIsReportedAsItIs() throws IOException {
        var parsed = read("not-a-url\n");

        assertEquals("not an http(s) URL: 'not-a-url'; a URL starts with https:// or http://",
                parsed.problems().getFirst().message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com/x.iso", "127.0.0.1:8080/x.iso", "localhost:8080/x.iso"})
    void aUrlWithoutSchemeIsSaidToNeedOne(String text) throws IOException {
        var parsed = read(text + "\n");

        assertEquals(List.of(), parsed.requests());
        assertEquals("not an http(s) URL: '" + text + "'; a URL starts with https:// or http://",
                parsed.problems().getFirst().message());
    }

    @Test
    void anOtherSchemeIsNamedWithoutTheHint() throws IOException {
        assertEquals("not an http(s) URL: 'ftp://example.com/x.iso'",
                read("ftp://example.com/x.iso\n").problems().getFirst().message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/caf\uFFFD.iso\nhttps://example.com/b.iso\n",
            "https://example.com/a.iso\n  out=caf\uFFFD.iso\nhttps://example.com/b.iso\n"})
    void aLineWithBytesThatWereNotUtf8IsAProblemOfItsEntryAlone(String text) throws IOException {
        var parsed = read(text); // U+FFFD: what the reader makes of a byte that is not UTF-8

        assertEquals(List.of(URI.create("https://example.com/b.iso")), uris(parsed));
        assertTrue(parsed.problems().getFirst().message().startsWith("not UTF-8 text (save the list as UTF-8): '"),
                parsed.problems().toString());
    }

    @Test
    void windowsLineEndingsAndSurroundingSpacesAreFine() throws IOException {
        var parsed = read("https://example.com/a.iso  \r\n  out=b.iso\r\n");

        assertEquals(List.of(URI.create("https://example.com/a.iso")), uris(parsed));
        assertEquals("b.iso", parsed.requests().getFirst().outName());
    }

    @Test
    void byteOrderMarkOfAUtf8FileIsNotPartOfTheFirstUrl() throws IOException {
        // Notepad and PowerShell's Out-File write UTF-8 with a BOM; the first URL must survive it.
        var parsed = read("\uFEFFhttps://example.com/a.iso\nhttps://example.com/b.iso\n");

        assertRequestsWithoutProblems(parsed, "https://example.com/a.iso", "https://example.com/b.iso");
    }

    @Test
    void emptyInputHasNoRequestsAndNoProblems() throws IOException {
        var parsed = read("");

        assertEquals(List.of(), parsed.requests());
        assertEquals(List.of(), parsed.problems());
    }

    @Test
    void commandLineArgumentIsStrippedAndChecked() throws InvalidUrlException {
        assertEquals(URI.create("https://example.com/a"), Links.parseArgument("  https://example.com/a ").uri());
        assertThrows(InvalidUrlException.class, () -> Links.parseArgument("example.com/a"));
        assertThrows(InvalidUrlException.class, () -> Links.parseArgument("https://exa mple.com/"));
        assertThrows(InvalidUrlException.class, () -> Links.parseArgument("http:///path"));
    }

    @Test
    void uppercaseSchemeIsAccepted() throws InvalidUrlException {
        assertEquals("example.com", Links.parseArgument("HTTPS://example.com/a").uri().getHost());
    }

    @Test
    void outWithADirectoryPutsTheFileInThatSubdirectory() throws IOException {
        var parsed = read("https://example.com/a.iso\n  out=sub/x.bin\n");

        assertEquals(List.of(), parsed.problems());
        assertEquals("x.bin", parsed.requests().getFirst().outName());
        assertEquals(Path.of("sub"), parsed.requests().getFirst().dir());
    }

    @Test
    void outBelowADirOptionCombinesBoth() throws IOException {
        var parsed = read("https://example.com/a.iso\n  out=sub/x.bin\n  dir=d\n");

        assertEquals(Path.of("d", "sub"), parsed.requests().getFirst().dir());
    }

    @ParameterizedTest
    @CsvSource({"out, ../up.txt", "out, /abs/path.txt", "out, .", "out, sub/", "dir, ../up", "dir, /tmp", "dir, a/../../b"})
    void anOptionThatLeavesTheDirectoryOrNamesNoFileSkipsTheEntryNamingIt(String option, String value) throws IOException {
        var parsed = read("https://example.com/a.iso\n  " + option + "=" + value + "\nhttps://example.com/b.iso\n");

        assertEquals(List.of(URI.create("https://example.com/b.iso")), uris(parsed));
        var problem = parsed.problems().getFirst();
        assertEquals("links.txt:2", problem.source());
        assertTrue(problem.message().startsWith(option + ": "), problem.message());
    }

    @Test
    void anAbsoluteDirInsideTheOutputDirectoryIsThatSubdirectory() throws IOException {
        // aria2's --save-session writes dir= as -d was given: absolute for `aria2c -d /srv/dl`
        var entries = new Links.EntryReader(new BufferedReader(new StringReader(
                "https://example.com/a.iso\t\n gid=2089b05ecca3d829\n dir=/srv/dl/isos/./new\n out=a.iso\n"
                        + "https://example.com/b.iso\n dir=/srv/dl\n")), "session.txt", Path.of("/srv/dl"));

        var a = (Links.Entry.Request) entries.read();
        var b = (Links.Entry.Request) entries.read();

        assertEquals(Path.of("isos", "new"), a.request().dir());
        assertEquals("a.iso", a.request().outName());
        assertNull(b.request().dir());
        assertNull(entries.read());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/srv", "/srv/dl2", "/srv/dl/../etc", "/tmp"})
    void anAbsoluteDirOutsideTheOutputDirectorySkipsTheEntryNamingIt(String value) throws IOException {
        var entries = new Links.EntryReader(new BufferedReader(new StringReader(
                "https://example.com/a.iso\n  dir=" + value + "\n")), "links.txt", Path.of("/srv/dl"));

        var problem = ((Links.Entry.Problem) entries.read()).problem();

        assertEquals("links.txt:2", problem.source());
        assertTrue(problem.message().startsWith("dir: '" + value + "' is outside the output directory /srv/dl"),
                problem.message());
        assertNull(entries.read());
    }

    @Test
    void anAria2OptionLoomgetHasOnlyForTheWholeRunIsNotedNamingTheCommandLineOptionAndTheEntryKept() throws IOException {
        var parsed = read("https://example.com/a.iso\n  max-connection-per-server=4\nhttps://example.com/b.iso\n");

        assertEquals(List.of(URI.create("https://example.com/a.iso"), URI.create("https://example.com/b.iso")), uris(parsed));
        assertEquals(List.of(), parsed.problems());
        assertEquals(List.of("links.txt:2: option 'max-connection-per-server' ignored: loomget has it only for the whole"
                + " run: -x; said once for links.txt"), parsed.notes().stream().map(Object::toString).toList());
    }

    @Test
    void anIgnoredOptionIsNotedOnceForTheWholeInputNotOncePerEntry() throws IOException {
        var parsed = read("https://example.com/a.iso\n  max-tries=5\nhttps://example.com/b.iso\n  max-tries=5\n");

        assertEquals(2, parsed.requests().size());
        assertEquals(List.of("links.txt:2"), parsed.notes().stream().map(Links.Entry.Note::source).toList());
    }

    @Test
    void optionsOfAnAria2SessionDoNotSkipItsEntries() throws IOException {
        // as aria2c -c -x4 -s4 --max-tries=5 --force-save --all-proxy= --save-session writes each entry
        var parsed = read("""
                https://example.com/a.iso\t
                 gid=f4048fae9a981a41
                 max-tries=5
                 split=4
                 continue=true
                 max-connection-per-server=4
                 force-save=true
                 all-proxy=
                 pause=true
                 seed-time=0
                """);

        assertRequestsWithoutProblems(parsed, "https://example.com/a.iso");
        assertEquals(4, parsed.requests().getFirst().connections());
    }

    @Test
    void continueTrueIsNotedOnlyForARunWithoutMinusC() throws IOException {
        var text = "https://example.com/a.iso\n continue=true\n";
        var without = new Links.EntryReader(new BufferedReader(new StringReader(text)), "s.txt", null, false);
        var with = new Links.EntryReader(new BufferedReader(new StringReader(text)), "s.txt", null, true);

        assertTrue(((Links.Entry.Note) without.read()).message().contains("-c"));
        assertTrue(with.read() instanceof Links.Entry.Request);
    }

    @Test
    void httpUserAndPasswdGoInTheUserInfoOfEveryUrlOfTheirEntry() throws IOException {
        var parsed = read("https://example.com/a.iso\thttps://mirror.example/a.iso\n http-user=ann\n http-passwd=p w:d\n"
                + "https://example.com/b.iso\n");

        var a = parsed.requests().getFirst();
        assertEquals("ann:p%20w%3Ad", a.uri().getRawUserInfo());
        assertEquals("ann:p%20w%3Ad", a.mirrors().getFirst().getRawUserInfo());
        assertNull(parsed.requests().get(1).uri().getRawUserInfo());
    }

    @Test
    void aUrlsOwnLoginWinsOverHttpUser() throws IOException {
        var parsed = read("https://own:pw@example.com/a.iso\n http-user=ann\n http-passwd=x\n");

        assertEquals("own:pw", parsed.requests().getFirst().uri().getRawUserInfo());
    }

    @Test
    void anHttpUserWithAColonSkipsItsEntry() throws IOException {
        var parsed = read("https://example.com/a.iso\n http-user=a:b\n http-passwd=x\n");

        assertEquals(List.of(), parsed.requests());
        assertTrue(parsed.problems().getFirst().message().startsWith("http-user must not contain ':'"), parsed.problems().toString());
    }

    @Test
    void dryRunTrueSkipsItsEntryNamingTheCommandLineOption() throws IOException {
        var parsed = read("https://example.com/a.iso\n dry-run=true\n");

        assertEquals(List.of(), parsed.requests());
        assertTrue(parsed.problems().getFirst().message().contains("give --dry-run"), parsed.problems().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/b.iso?id=5", "http://example.com/b.iso"})
    void anIndentedUrlIsReportedAsAUrlOnAnOptionLine(String url) throws IOException {
        var parsed = read("https://example.com/a.iso\n  " + url + "\n");

        var problem = parsed.problems().getFirst();
        assertEquals("links.txt:2", problem.source());
        assertEquals("a URL on an indented line, which is an option line of the entry above: '" + url
                + "'; start the URL at the beginning of its line; skipped the entry at links.txt:1 (https://example.com/a.iso)",
                problem.message());
    }

    @Test
    void userAgentAndRefererLinesAreThoseHeadersOfTheirEntry() throws IOException {
        var parsed = read("https://example.com/a.iso\n  user-agent=Old/1\n  user-agent=MyAgent/2\n"
                + "  referer=https://example.com/page\nhttps://example.com/b.iso\n");

        assertEquals(List.of(), parsed.problems());
        assertEquals(Map.of("User-Agent", "MyAgent/2", "Referer", "https://example.com/page"),
                parsed.requests().getFirst().headers());
        assertEquals(Map.of(), parsed.requests().getLast().headers());
    }

    @Test
    void refererStarIsTheEntrysOwnUrlWithoutItsLogin() throws IOException {
        var parsed = read("https://user:secret@example.com/a.iso\n  referer=*\n");

        assertEquals(Map.of("Referer", "https://example.com/a.iso"), parsed.requests().getFirst().headers());
    }

    @Test
    void aBadOptionLineSaysWhichEntryWasSkippedByLineAndUrl() throws IOException {
        var parsed = read("# list\nhttps://user:secret@example.com/a.iso\n  colour=blue\n");

        var problem = parsed.problems().getFirst();
        assertEquals("links.txt:3", problem.source());
        assertEquals("https://***@example.com/a.iso", problem.url());
        assertTrue(problem.message().endsWith("; skipped the entry at links.txt:2 (https://***@example.com/a.iso)"),
                problem.message());
    }

    @Test
    void aHostHeaderLineIsRefusedAsMinusHRefusesIt() throws IOException {
        var parsed = read("https://example.com/a.iso\n  header=Host: evil.example\n");

        assertEquals(List.of(), parsed.requests());
        assertTrue(parsed.problems().getFirst().message().startsWith("header 'Host' cannot be set: "),
                parsed.problems().toString());
    }

    @Test
    void aPortAbove65535IsAnInvalidUrl() throws IOException {
        var parsed = read("http://example.com:99999/a.iso\n");

        assertEquals(List.of(), parsed.requests());
        assertTrue(parsed.problems().getFirst().message().contains("port 99999 is out of range"), parsed.problems().toString());
        assertEquals("http://example.com:99999/a.iso", parsed.problems().getFirst().url());
    }

    private static Links.Parsed read(String text) throws IOException {
        return Links.read(new BufferedReader(new StringReader(text)), "links.txt");
    }

    private static void assertRequestsWithoutProblems(Links.Parsed parsed, String... urls) {
        assertEquals(List.of(), parsed.problems());
        assertEquals(Arrays.stream(urls).map(URI::create).toList(), uris(parsed));
    }

    private static List<URI> uris(Links.Parsed parsed) {
        return parsed.requests().stream().map(DownloadRequest::uri).toList();
    }
}
