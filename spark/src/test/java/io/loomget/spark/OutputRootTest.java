package io.loomget.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Content;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output roots as a user names them: with characters a URI would escape, as a {@code file:} URI, and
 * relative. The files always land under the directory that holds the manifest.
 */
@Timeout(180)
class OutputRootTest extends OnLocalSpark {

    private final Content content = Content.generated(5_000, 42);
    @TempDir
    Path tmp;

    @BeforeAll
    void serve() {
        server.add("/a.bin", content);
    }

    private int run(String root) throws IOException {
        var input = Files.write(tmp.resolve("links.txt"), List.of(server.uri("/a.bin").toString()));
        var out = new ByteArrayOutputStream();
        return SparkMain.run(new String[] {input.toString(), root}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8), () -> spark);
    }

    private String file() {
        return "127.0.0.1_" + server.uri("/").getPort() + "/a.bin";
    }

    private void assertFileBesideManifest(Path dir) throws IOException {
        assertTrue(Files.isDirectory(dir.resolve(Manifest.DIR)), "manifest in " + dir);
        assertEquals(content.sha256Hex(), Checksums.sha256(dir.resolve(file())), "file in " + dir);
    }

    @Test
    void aRootWithPercentAndBracketsInItsNameIsWrittenLikeAnyOther() throws IOException {
        var root = tmp.resolve("out 100% [1]");

        assertEquals(0, run(root.toString()));
        assertFileBesideManifest(root);
    }

    @Test
    void aFileUriRootPutsTheFilesInTheDirectoryOfItsManifest() throws IOException {
        var root = "file://" + tmp + "/a%20b";

        assertEquals(0, run(root));
        // Hadoop (the manifest's writer) takes the text after file:// as it is.
        assertFileBesideManifest(tmp.resolve("a%20b"));
        assertFalse(Files.exists(tmp.resolve("a b")));
    }

    @Test
    void aRelativeRootIsTheDriversNotTheExecutorsWorkingDirectory() throws IOException {
        // On a cluster an executor's working directory is its Worker's application directory; here the
        // driver's (Hadoop's) working directory is moved instead, away from this JVM's.
        var name = "relative-root-" + ProcessHandle.current().pid();
        var fs = FileSystem.getLocal(spark.sparkContext().hadoopConfiguration());
        var before = fs.getWorkingDirectory();
        fs.setWorkingDirectory(new org.apache.hadoop.fs.Path(tmp.toUri()));
        try {
            assertEquals(0, run(name));
        } finally {
            fs.setWorkingDirectory(before);
            deleteTree(Path.of(name));
        }
        assertFileBesideManifest(tmp.resolve(name));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (var f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }
}
