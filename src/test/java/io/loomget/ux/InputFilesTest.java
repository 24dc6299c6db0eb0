package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code src/dist/input-files.sh}: the links files that loomget's arguments name, which long-run.sh and
 * https-run.sh look into, run in a real bash on loomget's own arguments.
 */
@Timeout(60)
class InputFilesTest {

    private static final SourcedScript SCRIPT = SourcedScript.of("src/dist/input-files.sh");

    @TempDir
    Path dir;

    private String links;

    @BeforeEach
    void linksFile() throws Exception {
        links = Files.writeString(dir.resolve("links.txt"), "http://example.org/a\n").toString();
    }

    private static List<String> inputFiles(String... args) throws Exception {
        return SCRIPT.run("input_files \"$@\"\nprintf '%s\\n' \"${INPUT_FILES[@]}\"", args).lines()
                .filter(line -> !line.isEmpty()).toList();
    }

    @Test
    void aLinksFileIsFoundHoweverItIsNamed() throws Exception {
        assertEquals(List.of(links), inputFiles("-i", links));
        assertEquals(List.of(links), inputFiles("-j64", "--input-file", links, "-d", "out"));
        assertEquals(List.of(links), inputFiles("--input-file=" + links));
        assertEquals(List.of(links), inputFiles("-i" + links));
    }

    @Test
    void stdinMissingFilesAndDirectoriesAreLeftOut() throws Exception {
        assertEquals(List.of(), inputFiles("-i", "-"));
        assertEquals(List.of(), inputFiles("-i", dir.resolve("missing.txt").toString()));
        assertEquals(List.of(), inputFiles("-i", dir.toString()));
        assertEquals(List.of(), inputFiles("-i"));
    }

    @Test
    void anInputFileAfterTheEndOfOptionsIsAUrlNotAList() throws Exception {
        assertEquals(List.of(), inputFiles("--", "-i", links));
    }
}
