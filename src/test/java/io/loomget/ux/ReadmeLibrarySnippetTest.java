package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Use as a library" example, taken from the README as it stands, is a program: saved as a
 * file and run the way the README says, with the JDK's source launcher, it compiles and downloads.
 */
@Timeout(120)
class ReadmeLibrarySnippetTest {

    private static final Content FILE = Content.generated(200_000, 7);

    @TempDir
    Path dir;

    @Test
    void theLibraryExampleCompilesAndDownloadsWithTheSourceLauncher() throws Exception {
        var readme = Files.readString(Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "README.md"));
        int start = readme.indexOf("```java\n");
        assertTrue(start >= 0, "no java block in README.md");
        var example = readme.substring(start + "```java\n".length(), readme.indexOf("```\n", start + 1));
        try (var server = RangeServer.builder().start().add("/big.iso", FILE)) {
            assertTrue(example.contains("https://example.org/big.iso"), example);
            var source = Files.writeString(dir.resolve("Get.java"),
                    example.replace("https://example.org/big.iso", server.uri("/big.iso").toString()));

            var out = dir.resolve("out.txt");
            var process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-preview", "--source", "25", "-cp", System.getProperty("java.class.path"), source.toString())
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertTrue(process.waitFor(100, TimeUnit.SECONDS), "still running");

            assertEquals(0, process.exitValue(), () -> read(out));
            assertEquals(FILE.sha256Hex(), Sha256.of(dir.resolve("downloads/big.iso")));
            var lines = Files.readAllLines(out);
            assertEquals(List.of(dir.resolve("downloads/big.iso").toRealPath() + " 200000 (0 resumed)"),
                    lines.subList(1, lines.size()), () -> read(out));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
