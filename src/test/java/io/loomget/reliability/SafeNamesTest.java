package io.loomget.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.RangeServerExtension;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@code Content-Disposition} that tries to leave the output directory never does: the file lands
 * directly inside {@code -d} under a harmless name, and nothing new appears anywhere else.
 */
@ExtendWith(RangeServerExtension.class)
@Timeout(30)
class SafeNamesTest {

    private static final String PATH = "/download";
    private static final Content CONTENT = Content.generated(5_000, 8);
    /** Makes every name in this run unique, so that a file escaping to /tmp or / could be recognised. */
    private static final String TOKEN = "lgesc" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path root;

    private Path out;
    private RangeServer server;

    @BeforeEach
    void start(RangeServer server) throws Exception {
        // Deep enough that "../../x" still lands inside root, where it can be seen.
        out = Files.createDirectories(root.resolve("a/b/out"));
        this.server = server.add(PATH, CONTENT);
    }

    static Stream<Arguments> hostileHeaders() {
        String t = TOKEN;
        return Stream.of(
                Arguments.of("dot-dot", "attachment; filename=\"../../" + t + ".bin\""),
                Arguments.of("dot-dot deep", "attachment; filename=\"../../../../../../../../tmp/" + t + ".bin\""),
                Arguments.of("absolute", "attachment; filename=\"/tmp/" + t + ".bin\""),
                Arguments.of("backslashes", "attachment; filename=\"..\\\\..\\\\" + t + ".bin\""),
                Arguments.of("windows absolute", "attachment; filename=\"C:\\\\Windows\\\\" + t + ".bin\""),
                Arguments.of("encoded slashes", "attachment; filename*=UTF-8''..%2F..%2F" + t + ".bin"),
                Arguments.of("encoded absolute", "attachment; filename*=UTF-8''%2Ftmp%2F" + t + ".bin"),
                Arguments.of("encoded backslashes", "attachment; filename*=UTF-8''..%5C..%5C" + t + ".bin"),
                Arguments.of("NUL", "attachment; filename*=UTF-8''" + t + "%00.bin%00%2F..%2F..%2Fx"),
                Arguments.of("control characters", "attachment; filename*=UTF-8''" + t + "%0A%0D%1B.bin"),
                Arguments.of("only dots", "attachment; filename=\"..\""),
                Arguments.of("dot-dot slash only", "attachment; filename*=UTF-8''..%2F"),
                Arguments.of("device name", "attachment; filename=\"CON.txt\""),
                Arguments.of("overlong", "attachment; filename=\"" + t + "x".repeat(400) + ".bin\""),
                Arguments.of("overlong multibyte", "attachment; filename*=UTF-8''" + t + "%E2%82%AC".repeat(200) + ".bin"),
                Arguments.of("plain wins over nothing", "attachment; filename=\"../" + t + ".bin\"; filename*=UTF-8''..%2F..%2F" + t + "2.bin"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileHeaders")
    void serverSuppliedNameNeverLeavesTheOutputDirectory(String label, String header) throws Exception {
        server.behave(PATH, Behaviour.builder().contentDisposition(header).build());
        var outside = root.getParent();
        var outsideBefore = namesWithToken(outside);
        var cwd = Path.of("").toAbsolutePath();
        var cwdBefore = namesWithToken(cwd);
        var treeBefore = Support.tree(root);

        var result = Support.download(TestSettings.into(out).build(), DownloadRequest.of(server.uri(PATH)));

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        var path = downloaded.path();
        assertEquals(out.toAbsolutePath().normalize(), path.toAbsolutePath().normalize().getParent(),
                "written outside the output directory: " + path);
        assertEquals(CONTENT.sha256Hex(), Sha256.of(path));
        var name = path.getFileName().toString();
        assertFalse(name.contains("/") || name.contains("\\") || name.contains("\0"), name);
        assertTrue(name.chars().noneMatch(Character::isISOControl), "control character in " + name);
        assertFalse(name.equals(".") || name.equals(".."), name);
        assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 255, "name too long for a file system");
        assertFalse(name.toLowerCase(Locale.ROOT).matches("(con|prn|aux|nul|com[1-9]|lpt[1-9])(\\..*)?"),
                "a Windows device name: " + name);

        // The only change under root is the one new file in out; nothing new beside root either.
        var treeAfter = new HashSet<>(Support.tree(root));
        treeAfter.removeAll(treeBefore);
        assertEquals(java.util.Set.of(root.relativize(path).toString()), treeAfter);
        assertEquals(outsideBefore, namesWithToken(outside), "a file appeared next to the test directory");
        assertEquals(cwdBefore, namesWithToken(cwd), "a file appeared in the working directory");
        assertFalse(Files.exists(Path.of("/tmp/" + TOKEN + ".bin")));
        assertFalse(Files.exists(Path.of("/" + TOKEN + ".bin")));
    }

    static Stream<Arguments> hostileRedirects() {
        String t = TOKEN;
        return Stream.of(
                Arguments.of("encoded dot-dot", "/r/..%2F..%2F" + t + ".bin", "/r/../../" + t + ".bin"),
                Arguments.of("encoded backslashes", "/r/..%5C..%5C" + t + ".bin", "/r/..\\..\\" + t + ".bin"),
                Arguments.of("only dots", "/r/%2E%2E", "/r/.."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRedirects")
    void nameFromARedirectNeverLeavesTheOutputDirectory(String label, String location, String servedAt) throws Exception {
        server.add(servedAt, CONTENT);
        server.behave(PATH, Behaviour.builder().redirectTo(location).build());
        var treeBefore = Support.tree(root);
        var outsideBefore = namesWithToken(root.getParent());

        var result = Support.download(TestSettings.into(out).build(), DownloadRequest.of(server.uri(PATH)));

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(out.toAbsolutePath().normalize(), downloaded.path().toAbsolutePath().normalize().getParent());
        assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
        var treeAfter = new HashSet<>(Support.tree(root));
        treeAfter.removeAll(treeBefore);
        assertEquals(java.util.Set.of(root.relativize(downloaded.path()).toString()), treeAfter);
        assertEquals(outsideBefore, namesWithToken(root.getParent()));
    }

    private static java.util.Set<String> namesWithToken(Path dir) throws Exception {
        try (var entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.contains(TOKEN))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }
}
