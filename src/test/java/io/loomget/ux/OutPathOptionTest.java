package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code -o} and {@code out=} take a path below {@code -d}: its directories are created; a path that
 * would leave {@code -d} or names no file is refused (a usage error for {@code -o}, a skipped entry
 * with its line for {@code out=}). Never is the directory part silently dropped.
 */
@Timeout(60)
class OutPathOptionTest {

    static final Content FILE = Content.generated(20_000, 41);

    @TempDir
    Path tmp;
    private Path out;
    private RangeServer server;

    @BeforeEach
    void start() {
        out = tmp.resolve("out");
        server = RangeServer.builder().build().start();
        server.add("/x.bin", FILE);
        server.add("/y.bin", FILE);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Cli.Result run(String... args) {
        var all = new java.util.ArrayList<>(List.of("-d", out.toString()));
        all.addAll(List.of(args));
        return Cli.run(all);
    }

    private String url(String path) {
        return server.uri(path).toString();
    }

    private List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aRelativePathIsSavedBelowTheOutputDirectoryCreatingIt() {
        var result = run("-o", "sub/deeper/x.bin", url("/x.bin"));

        assertEquals(0, result.exit(), result::all);
        assertEquals(FILE.sha256Hex(), Sha256.of(out.resolve("sub/deeper/x.bin")));
        assertFalse(Files.exists(out.resolve("x.bin")), "the directory part was dropped");
    }

    @Test
    void aNameTheUserChoseKeepsItsLeadingDot() {
        var result = run("-o", ".config/.env", url("/x.bin"));

        assertEquals(0, result.exit(), result::all);
        assertEquals(FILE.sha256Hex(), Sha256.of(out.resolve(".config/.env")), "a hidden file, as curl -o and wget -O save it");
        assertFalse(Files.exists(out.resolve("config")));
    }

    @Test
    void anAbsolutePathInsideTheOutputDirectoryIsTaken() {
        var result = run("-o", out.toAbsolutePath().resolve("in/x.bin").toString(), url("/x.bin"));

        assertEquals(0, result.exit(), result::all);
        assertEquals(FILE.sha256Hex(), Sha256.of(out.resolve("in/x.bin")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../up.txt", "sub/../../up.txt", "/abs/path.txt", ".", "", "sub/"})
    void aPathThatLeavesTheOutputDirectoryOrNamesNoFileIsAUsageError(String path) throws IOException {
        var result = run("-o", path, url("/x.bin"));

        assertEquals(2, result.exit(), result::all);
        assertTrue(result.errLines().getFirst().startsWith("loomget: -o: "), result::all);
        assertEquals(0, server.requests().size(), "nothing was asked of the server");
        assertEquals(List.of(), filesUnder(tmp), "nothing was written");
    }

    @Test
    void outWithAPathInAnInputFileIsSavedBelowTheOutputDirectory() throws IOException {
        var links = Files.writeString(tmp.resolve("links.txt"), url("/x.bin") + "\n  out=sub/renamed.bin\n");

        var result = run("-i", links.toString());

        assertEquals(0, result.exit(), result::all);
        assertEquals(FILE.sha256Hex(), Sha256.of(out.resolve("sub/renamed.bin")));
    }

    @Test
    void outLeavingTheOutputDirectoryInAnInputFileSkipsThatEntryWithItsLineAndTheOthersGoOn() throws IOException {
        var links = Files.writeString(tmp.resolve("links.txt"),
                url("/x.bin") + "\n  out=../up.txt\n" + url("/y.bin") + "\n");

        var result = run("-i", links.toString());

        assertEquals(1, result.exit(), result::all);
        assertTrue(result.errLines().stream().anyMatch(l -> l.startsWith("loomget: failed: " + links + ":2: out: ")
                && l.contains("leaves the output directory")
                && l.endsWith("skipped the entry at " + links + ":1 (" + url("/x.bin") + ")")), result::all);
        assertEquals(List.of(out.resolve("y.bin")), filesUnder(tmp).stream().filter(p -> !p.equals(links)).toList());
        assertEquals(0, server.requestCount("/x.bin"));
    }
}
