package io.loomget.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A name is handed out once per run, and never one that a file or a part file already holds. */
class TargetRegistryTest {

    @TempDir
    Path dir;

    @Test
    void freeNameIsGivenAsIs() {
        assertEquals(dir.resolve("a.bin"), new TargetRegistry(false).reserve(dir, "a.bin"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", ".", "..", "../x", "a/b", "/etc/passwd"})
    void aNameThatIsNotOneSegmentInsideTheDirectoryIsRefused(String name) {
        var registry = new TargetRegistry(false);
        assertThrows(IllegalArgumentException.class, () -> registry.reserve(dir, name));
        assertThrows(IllegalArgumentException.class, () -> registry.claim(dir, name, 0));
    }

    @Test
    void aNameInAnUnnormalizedDirectoryLandsInThatDirectory() {
        assertEquals(dir.resolve("a.bin"), new TargetRegistry(false).reserve(dir.resolve("x/.."), "a.bin"));
    }

    @Test
    void sameNameTwiceInOneRunGetsTheNextNumber() {
        var registry = new TargetRegistry(false);

        assertEquals(dir.resolve("a.bin"), registry.reserve(dir, "a.bin"));
        assertEquals(dir.resolve("a.1.bin"), registry.reserve(dir, "a.bin"));
        assertEquals(dir.resolve("a.2.bin"), registry.reserve(dir, "a.bin"));
    }

    @Test
    void existingFileIsSkippedUnlessOverwriting() throws Exception {
        Files.writeString(dir.resolve("a.bin"), "old");

        assertEquals(dir.resolve("a.1.bin"), new TargetRegistry(false).reserve(dir, "a.bin"));
        assertEquals(dir.resolve("a.bin"), new TargetRegistry(true).reserve(dir, "a.bin"));
    }

    @Test
    void nameWhosePartFileExistsIsSkippedEvenWhenOverwriting() throws Exception {
        Files.writeString(dir.resolve("a.bin.part"), "someone else's download");

        assertEquals(dir.resolve("a.1.bin"), new TargetRegistry(true).reserve(dir, "a.bin"));
    }

    @Test
    void releasedNameCanBeReservedAgain() {
        var registry = new TargetRegistry(false);
        var first = registry.reserve(dir, "a.bin");

        registry.release(first);

        assertEquals(first, registry.reserve(dir, "a.bin"));
    }

    @Test
    void nameThatWouldLeaveTheDirectoryIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TargetRegistry(false).reserve(dir, "../x"));
    }

    @Test
    void aClaimedNameIsNotClaimedOrReservedByAnotherDownload() {
        var registry = new TargetRegistry(false);

        assertEquals(dir.resolve("a.bin"), registry.claim(dir, "a.bin", 0));
        assertNull(registry.claim(dir, "a.bin", 0));
        assertEquals(dir.resolve("a.1.bin"), registry.reserve(dir, "a.bin"));
    }

    @Test
    void aNumberedFormIsClaimedWhateverIsOnDiskUnderIt() throws Exception {
        var registry = new TargetRegistry(false);
        Files.writeString(dir.resolve("a.2.bin"), "old");
        Files.writeString(dir.resolve("a.2.bin.part"), "unfinished");

        assertEquals(dir.resolve("a.2.bin"), registry.claim(dir, "a.bin", 2), "the caller looks at what is there");
        assertNull(registry.claim(dir, "a.bin", 2));
        registry.release(dir.resolve("a.2.bin"));
        assertEquals(dir.resolve("a.2.bin"), registry.claim(dir, "a.bin", 2));
    }
}
