package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.server.RecordedRequest;
import io.loomget.testsupport.RangeServerExtension;
import io.loomget.testsupport.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * aria2-style input files: TAB-separated mirrors of one file, indented {@code key=value} options
 * for the entry above ({@code out}, {@code dir}, {@code checksum}, {@code header}, {@code split}),
 * and problems reported as {@code FILE:LINE}.
 */
@ExtendWith(RangeServerExtension.class)
@Timeout(60)
class InputFileTest {

    static final Content ISO = Content.generated(1_500_000, 61);
    static final Content SMALL = Content.generated(50_000, 62);

    @TempDir
    Path dir;

    private RangeServer a;
    private RangeServer b;
    private RangeServer broken;
    private Path links;
    private Path out;

    @BeforeEach
    void start(RangeServer a, RangeServer b, RangeServer broken) {
        this.a = a;
        this.b = b;
        this.broken = broken; // serves nothing: 404 for every path
        a.add("/iso/big.iso", ISO).add("/small.bin", SMALL);
        b.add("/mirror/big.iso", ISO);
        links = dir.resolve("links.txt");
        out = dir.resolve("out");
    }

    private Cli.Result run(String text, String... options) throws IOException {
        Files.writeString(links, text);
        var args = new ArrayList<>(List.of("-i", links.toString(), "-d", out.toString(), "-k", "128K", "-x", "6",
                "--retry-wait", "0.01"));
        args.addAll(List.of(options));
        return Cli.run(args);
    }

    private static long rangesServed(RangeServer server) {
        return server.requests().stream().filter(r -> r.status() == 206).count();
    }

    @Test
    void mirrorThatIsNotFoundIsSkippedAndTheFileIsStillCorrect() throws IOException {
        var result = run(a.uri("/iso/big.iso") + "\t" + broken.uri("/iso/big.iso") + "\t" + b.uri("/mirror/big.iso") + "\n");

        assertEquals(0, result.exit(), result::all);
        assertEquals(ISO.sha256Hex(), Sha256.of(out.resolve("big.iso")));
        assertTrue(broken.requests().stream().allMatch(r -> r.status() == 404), broken.requests()::toString);
    }

    @Test
    void goodMirrorsBothServeRanges() throws IOException {
        run(a.uri("/iso/big.iso") + "\t" + broken.uri("/iso/big.iso") + "\t" + b.uri("/mirror/big.iso") + "\n");

        assertTrue(rangesServed(a) >= 1, a.requests()::toString);
        assertTrue(rangesServed(b) >= 1, b.requests()::toString);
    }

    @Test
    void firstMirrorNotFoundFallsBackToTheNext() throws IOException {
        var result = run(broken.uri("/iso/big.iso") + "\t" + a.uri("/iso/big.iso") + "\t" + b.uri("/mirror/big.iso") + "\n");

        assertEquals(0, result.exit(), result::all);
        assertEquals(ISO.sha256Hex(), Sha256.of(out.resolve("big.iso")));
        assertTrue(rangesServed(a) >= 1 && rangesServed(b) >= 1, () -> a.requests() + "\n" + b.requests());
    }

    @Test
    void mirrorSwitchIsLoggedAsARetry() throws IOException {
        var result = run(a.uri("/iso/big.iso") + "\t" + broken.uri("/iso/big.iso") + "\n");

        assertEquals(0, result.exit(), result::all);
        assertTrue(result.outLines().stream().anyMatch(l -> l.startsWith("retry  big.iso  ") && l.contains(broken.uri("/iso/big.iso").toString())
                && l.contains("using another mirror")), result::all);
    }

    @Test
    void outOptionNamesTheFile() throws IOException {
        var result = run(a.uri("/iso/big.iso") + "\n  out=debian.iso\n");

        assertEquals(0, result.exit(), result::all);
        assertEquals(ISO.sha256Hex(), Sha256.of(out.resolve("debian.iso")));
        assertFalse(Files.exists(out.resolve("big.iso")));
    }

    @Test
    void dirOptionPutsTheFileInASubdirectoryOfTheOutputDirectory() throws IOException {
        var result = run(a.uri("/small.bin") + "\n\tdir=isos/new\n");

        assertEquals(0, result.exit(), result::all);
        assertEquals(SMALL.sha256Hex(), Sha256.of(out.resolve("isos/new/small.bin")));
    }

    @Test
    void anAria2SessionWithAnAbsoluteDirInsideTheOutputDirectoryDownloadsThere() throws IOException {
        // as `aria2c -d OUT --save-session` writes it: URIs with a trailing TAB, gid=, an absolute dir=
        var result = run(a.uri("/small.bin") + "\t\n gid=2089b05ecca3d829\n dir=" + out.toAbsolutePath() + "/isos\n"
                + " out=s.bin\n" + a.uri("/iso/big.iso") + "\t\n dir=" + dir.toAbsolutePath() + "/elsewhere\n");

        assertEquals(SMALL.sha256Hex(), Sha256.of(out.resolve("isos/s.bin")), result::all);
        assertTrue(result.errLines().stream().anyMatch(l -> l.startsWith("loomget: failed: " + links + ":6: dir: '")
                && l.contains("is outside the output directory")), result::all);
        assertFalse(Files.exists(dir.resolve("elsewhere")), result::all);
        assertEquals(1, result.exit(), result::all);
    }

    /** Two entries as {@code aria2c -c -x4 -s4 --max-tries=5 --force-save --all-proxy= --save-session} writes them. */
    private String aria2Session() {
        var options = " max-tries=5\n split=4\n continue=true\n max-connection-per-server=4\n force-save=true\n all-proxy=\n";
        return a.uri("/small.bin") + "\t\n gid=f4048fae9a981a41\n" + options
                + a.uri("/iso/big.iso") + "\t\n gid=0849cade99dce38a\n out=sub/two.iso\n" + options;
    }

    @Test
    void everyEntryOfAnAria2SessionDownloadsWhateverAria2OptionsItCarries() throws IOException {
        var result = run(aria2Session());

        assertEquals(SMALL.sha256Hex(), Sha256.of(out.resolve("small.bin")), result::all);
        assertEquals(ISO.sha256Hex(), Sha256.of(out.resolve("sub/two.iso")), result::all);
        assertTrue(result.out().contains("2 downloaded, 0 not found, 0 failed"), result::all);
        assertEquals(0, result.exit(), result::all);
    }

    @Test
    void eachAria2OptionLoomgetIgnoresIsNotedOnceWithItsLine() throws IOException {
        var result = run(aria2Session());

        var notes = result.errLines().stream().filter(l -> l.startsWith("loomget: note: ")).toList();
        assertEquals(List.of("max-tries", "continue", "max-connection-per-server", "force-save", "all-proxy"),
                notes.stream().map(l -> l.replaceFirst(".*option '([^']+)' ignored.*", "$1")).toList(), result::all);
        assertTrue(notes.getFirst().contains(links + ":3: option 'max-tries' ignored: loomget has it only for the whole run:"
                + " --retries; said once for " + links), result::all);
    }

    @Test
    void continueTrueIsNotNotedWhenTheRunHasMinusC() throws IOException {
        var result = run(a.uri("/small.bin") + "\n continue=true\n", "-c");

        assertEquals(0, result.exit(), result::all);
        assertFalse(result.err().contains("continue"), result::all);
        assertEquals(SMALL.sha256Hex(), Sha256.of(out.resolve("small.bin")), result::all);
    }

    @Test
    void httpUserAndPasswdAreSentAsBasicAuthForTheirEntryOnly() throws Exception {
        try (var relay = HttpRelay.to(a.port())) {
            var result = run(relay.uri("/small.bin") + "\n  http-user=ann\n  http-passwd=s3cret\n" + relay.uri("/iso/big.iso") + "\n");

            assertEquals(0, result.exit(), result::all);
            var basic = "Basic " + java.util.Base64.getEncoder().encodeToString("ann:s3cret".getBytes());
            var requests = relay.requests();
            var small = requests.stream().filter(r -> r.path().equals("/small.bin")).toList();
            var iso = requests.stream().filter(r -> r.path().equals("/iso/big.iso")).toList();
            assertTrue(!small.isEmpty() && small.stream().allMatch(r -> basic.equals(r.header("Authorization"))), requests::toString);
            assertTrue(!iso.isEmpty() && iso.stream().noneMatch(r -> r.header("Authorization") != null), requests::toString);
            assertFalse(result.all().contains("s3cret"), result::all);
        }
    }

    @Test
    void anAria2UnfinishedFileOfFullSizeIsNotTakenForCompleteByMinusC() throws IOException {
        // aria2 allocates the whole file first; NAME.aria2 beside it says it is not finished
        Files.createDirectories(out);
        var partial = new byte[(int) SMALL.size()];
        Files.write(out.resolve("small.bin"), partial);
        Files.write(out.resolve("small.bin.aria2"), new byte[] {0, 1});
        var result = run(a.uri("/small.bin") + "\n", "-c");

        assertEquals(SMALL.sha256Hex(), Sha256.of(out.resolve("small.1.bin")), result::all);
        assertTrue(java.util.Arrays.equals(partial, Files.readAllBytes(out.resolve("small.bin"))), "aria2's file is left as it is");
        assertTrue(result.errLines().stream().anyMatch(l -> l.contains("small.bin is aria2's unfinished download"
                + " (small.bin.aria2 beside it)")), result::all);
        assertEquals(0, result.exit(), result::all);
    }

    /** aria2's unfinished {@code out/big.iso}: its first MiB written, the rest allocated, and the control file saying so. */
    private void aria2HasTheFirstMebibyteOfTheIso() throws IOException {
        Files.createDirectories(out);
        var bytes = new java.io.ByteArrayOutputStream();
        ISO.writeTo(0, 1 << 20, bytes);
        bytes.write(new byte[(int) ISO.size() - (1 << 20)]);
        Files.write(out.resolve("big.iso"), bytes.toByteArray());
        // aria2's format version 1: pieces of 1 MiB, piece 0 complete, none in flight
        Files.write(out.resolve("big.iso.aria2"), java.nio.ByteBuffer.allocate(2 + 4 + 4 + 4 + 8 + 8 + 4 + 1 + 4)
                .putShort((short) 1).putInt(0).putInt(0).putInt(1 << 20).putLong(ISO.size()).putLong(0)
                .putInt(1).put((byte) 0x80).putInt(0).array());
    }

    @Test
    void minusCTakesOverAria2sUnfinishedDownloadKeepingTheBytesItHad() throws IOException {
        aria2HasTheFirstMebibyteOfTheIso();

        var result = run(a.uri("/iso/big.iso") + "\n continue=true\n", "-c");

        assertEquals(ISO.sha256Hex(), Sha256.of(out.resolve("big.iso")), result::all);
        assertTrue(result.out().contains("1.00 MiB already on disk"), result::all);
        assertTrue(result.errLines().stream().anyMatch(l -> l.endsWith("taking over aria2's unfinished big.iso"
                + " (big.iso.aria2 removed) as big.iso.part")), result::all);
        assertEquals(List.of("big.iso"), names(out), result::all);
        assertEquals(0, result.exit(), result::all);
    }

    @Test
    void withoutMinusCAria2sUnfinishedDownloadIsLeftAndTheRunSaysHowToContinueIt() throws IOException {
        aria2HasTheFirstMebibyteOfTheIso();
        var before = Files.readAllBytes(out.resolve("big.iso"));

        var result = run(a.uri("/iso/big.iso") + "\n");

        assertEquals(ISO.sha256Hex(), Sha256.of(out.resolve("big.1.iso")), result::all);
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(out.resolve("big.iso"))), "aria2's file is left as it is");
        assertTrue(result.errLines().stream().anyMatch(l -> l.endsWith("big.iso is aria2's unfinished download"
                + " (big.iso.aria2 beside it); run with -c to continue it. Saving under a new name.")), result::all);
        assertEquals(0, result.exit(), result::all);
    }

    @Test
    void aGzippedSessionIsReadAsAria2WritesItForAFileNameEndingInGz() throws IOException {
        var gz = dir.resolve("session.txt.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write((a.uri("/small.bin") + "\t\n gid=fa1474ed9020d310\n out=s.bin\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        var result = Cli.run(List.of("-i", gz.toString(), "-d", out.toString()));

        assertEquals(SMALL.sha256Hex(), Sha256.of(out.resolve("s.bin")), result::all);
        assertEquals(0, result.exit(), result::all);
    }

    @Test
    void aLineThatIsNotUtf8SkipsItsEntryAloneNamingItsLine() throws IOException {
        // a list saved as Latin-1: "café" is 63 61 66 E9, not UTF-8
        var latin1 = (a.uri("/small.bin") + "\n  out=caf\u00e9.bin\n" + a.uri("/iso/big.iso") + "\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(links, latin1);
        var result = Cli.run(List.of("-i", links.toString(), "-d", out.toString(), "--retry-wait", "0.01"));

        assertEquals(ISO.sha256Hex(), Sha256.of(out.resolve("big.iso")), result::all);
        assertTrue(result.errLines().stream().anyMatch(l -> l.startsWith("loomget: failed: " + links + ":2: not UTF-8 text")),
                result::all);
        assertEquals(List.of("big.iso"), names(out), result::all);
        assertEquals(1, result.exit(), result::all);
    }

    private static List<String> names(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void matchingChecksumOptionKeepsTheFile() throws IOException {
        var result = run(a.uri("/small.bin") + "\n  checksum=sha-256=" + SMALL.sha256Hex() + "\n");

        assertEquals(0, result.exit(), result::all);
        assertTrue(Files.exists(out.resolve("small.bin")));
    }

    @Test
    void wrongChecksumOptionFailsTheFileAndKeepsNothing() throws IOException {
        var wrong = "0".repeat(64);
        var result = run(a.uri("/small.bin") + "\n  checksum=sha-256=" + wrong + "\n");

        assertEquals(1, result.exit(), result::all);
        assertTrue(result.err().contains("checksum"), result::all);
        try (var files = Files.list(out)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void aHeaderLineGivenTwiceForAnEntrySendsBothValues() throws Exception {
        try (var relay = HttpRelay.to(a.port())) {
            var result = run(relay.uri("/small.bin") + "\n  header=Cookie: a=1\n  header=Cookie: b=2\n");

            assertEquals(0, result.exit(), result::all);
            assertTrue(relay.requests().stream().allMatch(r -> "a=1; b=2".equals(r.header("Cookie"))),
                    relay.requests()::toString);
        }
    }

    @Test
    void headerOptionIsSentOnlyForItsEntry() throws Exception {
        try (var relay = HttpRelay.to(a.port())) {
            var result = run(relay.uri("/iso/big.iso") + "\n  header=Authorization: Bearer 123\n"
                    + relay.uri("/small.bin") + "\n");

            assertEquals(0, result.exit(), result::all);
            var requests = relay.requests();
            var iso = requests.stream().filter(r -> r.path().equals("/iso/big.iso")).toList();
            var small = requests.stream().filter(r -> r.path().equals("/small.bin")).toList();
            assertTrue(iso.size() > 1, requests::toString);
            assertTrue(iso.stream().allMatch(r -> "Bearer 123".equals(r.header("Authorization"))), requests::toString);
            assertTrue(small.stream().noneMatch(r -> r.header("Authorization") != null), requests::toString);
        }
    }

    @Test
    void userAgentAndRefererOptionsAreSentForTheirEntryOverMinusU() throws Exception {
        try (var relay = HttpRelay.to(a.port())) {
            var result = run(relay.uri("/small.bin") + "\n  user-agent=MyAgent/2\n  referer=http://example.com/\n"
                    + relay.uri("/iso/big.iso") + "\n", "-U", "Run/1");

            assertEquals(0, result.exit(), result::all);
            assertEquals(SMALL.sha256Hex(), Sha256.of(out.resolve("small.bin")));
            var requests = relay.requests();
            var small = requests.stream().filter(r -> r.path().equals("/small.bin")).toList();
            var iso = requests.stream().filter(r -> r.path().equals("/iso/big.iso")).toList();
            assertTrue(!small.isEmpty() && small.stream().allMatch(r -> "MyAgent/2".equals(r.header("User-Agent"))
                    && "http://example.com/".equals(r.header("Referer"))), requests::toString);
            assertTrue(!iso.isEmpty() && iso.stream().allMatch(r -> "Run/1".equals(r.header("User-Agent"))
                    && r.header("Referer") == null), requests::toString);
        }
    }

    /**
     * The planned ranges after the probe (which asks for the file's head, from byte 0): requests that
     * start where no earlier request reached. A piece split off a slow range by work stealing, or a
     * retry, starts inside an earlier request's range and is not counted.
     */
    private static List<String> rangesAfterTheProbe(RangeServer server, String path) {
        var planned = new ArrayList<String>();
        var earlier = new ArrayList<long[]>();
        for (var request : server.requests()) {
            if (!request.path().equals(path) || request.rangeHeader() == null) {
                continue;
            }
            var bounds = request.rangeHeader().substring("bytes=".length()).split("-");
            long first = Long.parseLong(bounds[0]);
            long last = bounds.length > 1 && !bounds[1].isEmpty() ? Long.parseLong(bounds[1]) : Long.MAX_VALUE;
            boolean inside = earlier.stream().anyMatch(r -> r[0] <= first && first <= r[1]);
            if (!inside && first > 0) {
                planned.add(request.rangeHeader());
            }
            earlier.add(new long[] {first, last});
        }
        return planned;
    }

    @Test
    void splitOptionCutsTheRestOfTheFileIntoThatManyRanges() throws IOException {
        var result = run(a.uri("/iso/big.iso") + "\n  split=2\n");

        assertEquals(0, result.exit(), result::all);
        assertEquals(2, rangesAfterTheProbe(a, "/iso/big.iso").size(), a.requests()::toString);
    }

    @Test
    void splitOptionAppliesOnlyToItsEntry() throws IOException {
        b.add("/other.iso", ISO);
        var result = run(a.uri("/iso/big.iso") + "\n  split=2\n" + b.uri("/other.iso") + "\n", "-s", "3");

        assertEquals(0, result.exit(), result::all);
        assertEquals(2, rangesAfterTheProbe(a, "/iso/big.iso").size(), a.requests()::toString);
        assertEquals(3, rangesAfterTheProbe(b, "/other.iso").size(), b.requests()::toString);
    }

    @Test
    void unknownOptionIsReportedWithFileAndLine() throws IOException {
        var result = run("# mirrors\n" + a.uri("/small.bin") + "\n  colour=blue\n" + a.uri("/iso/big.iso") + "\n");

        assertEquals(1, result.exit(), result::all);
        assertTrue(result.errLines().stream().anyMatch(l -> l.startsWith("loomget: failed: " + links + ":3: unknown option 'colour'")),
                result::all);
    }

    @Test
    void entryWithAnUnknownOptionIsSkippedAndTheOthersDownload() throws IOException {
        var result = run(a.uri("/small.bin") + "\n  colour=blue\n" + a.uri("/iso/big.iso") + "\n");

        assertEquals(ISO.sha256Hex(), Sha256.of(out.resolve("big.iso")));
        assertFalse(Files.exists(out.resolve("small.bin")), result::all);
        assertTrue(result.out().contains("1 downloaded, 0 not found, 1 failed"), result::all);
    }

    @Test
    void malformedUrlIsReportedWithFileAndLine() throws IOException {
        var result = run(a.uri("/small.bin") + "\n\nftp://example.com/x\n");

        assertEquals(1, result.exit(), result::all);
        assertTrue(result.errLines().stream().anyMatch(l -> l.startsWith("loomget: failed: " + links + ":3: ")
                && l.contains("ftp://example.com/x")), result::all);
        assertTrue(Files.exists(out.resolve("small.bin")));
    }

    @Test
    void optionLineWithoutAUrlAboveIsReportedWithFileAndLine() throws IOException {
        var result = run("  out=x.bin\n" + a.uri("/small.bin") + "\n");

        assertEquals(1, result.exit(), result::all);
        assertTrue(result.errLines().stream().anyMatch(l -> l.startsWith("loomget: failed: " + links + ":1: ")), result::all);
    }

    @Test
    void badOptionValueIsReportedWithFileAndLine() throws IOException {
        var result = run(a.uri("/small.bin") + "\n  split=zero\n");

        assertEquals(1, result.exit(), result::all);
        assertTrue(result.errLines().stream().anyMatch(l -> l.startsWith("loomget: failed: " + links + ":2: ") && l.contains("split")),
                result::all);
    }

    @Test
    void plainLinksFileWithCommentsAndBlankLinesStillWorks() throws IOException {
        var result = run("# two files\n\n" + a.uri("/small.bin") + "\n   \n# done\n" + a.uri("/iso/big.iso") + "\n");

        assertEquals(0, result.exit(), result::all);
        assertEquals(SMALL.sha256Hex(), Sha256.of(out.resolve("small.bin")));
        assertEquals(ISO.sha256Hex(), Sha256.of(out.resolve("big.iso")));
    }
}
