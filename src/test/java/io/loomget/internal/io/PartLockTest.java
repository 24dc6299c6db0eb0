package io.loomget.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.testsupport.LockingProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A part file is written by one process at a time: the lock beside it keeps out another process
 * (the OS's locks are per process, so each test's other side is a JVM of its own), and another
 * download of this JVM; it goes with its process however that ends, and leaves no file behind when
 * let go.
 */
@Timeout(60)
class PartLockTest {

    private static final String URL = "http://example.test/a.bin";
    private static final String OTHER_URL = "http://example.test/other/a.bin";

    @TempDir
    Path dir;

    private Path target() {
        return dir.resolve("a.bin");
    }

    @Test
    void anotherProcessCannotLockAPartFileThisOneHolds() throws Exception {
        try (var lock = PartLock.tryLock(target(), URL); var other = LockingProcess.lock(target(), OTHER_URL)) {
            assertNotNull(lock);
            assertFalse(other.holds());
        }
    }

    @Test
    void thisProcessCannotLockAPartFileAnotherHoldsAndLearnsWhichUrlItIsFor() throws Exception {
        try (var other = LockingProcess.lock(target(), OTHER_URL)) {
            assertTrue(other.holds());

            assertNull(PartLock.tryLock(target(), URL));
            assertEquals(Optional.of(OTHER_URL), PartLock.owner(target()));
            assertNull(PartLock.tryLock(target(), URL), "looking at it let nothing go");
        }
    }

    @Test
    void aLockLetGoIsFreeAndLeavesNoFileBehind() throws Exception {
        try (var other = LockingProcess.lock(target(), OTHER_URL)) {
            assertTrue(other.holds());
        }
        assertEquals(List.of(), listing(), "the other process removed its lock file");

        try (var lock = PartLock.tryLock(target(), URL)) {
            assertNotNull(lock);
            assertEquals(List.of("a.bin.part.lock"), listing());
        }
        assertEquals(List.of(), listing());
    }

    @Test
    void aKilledProcessLeavesItsLockFileButNotItsLock() throws Exception {
        var other = LockingProcess.lock(target(), OTHER_URL);
        assertTrue(other.holds());
        other.kill();
        assertEquals(List.of("a.bin.part.lock"), listing());

        try (var lock = PartLock.tryLock(target(), URL)) {
            assertNotNull(lock, "the lock went with its process");
            assertEquals(Optional.of(URL), PartLock.owner(target()));
        }
        assertEquals(List.of(), listing());
    }

    @Test
    void anotherDownloadOfThisJvmCannotLockItEitherNorLetItGo() throws Exception {
        try (var lock = PartLock.tryLock(target(), URL)) {
            assertNotNull(lock);

            assertNull(PartLock.tryLock(target(), OTHER_URL));
            assertEquals(Optional.of(URL), PartLock.owner(target()));
            try (var other = LockingProcess.lock(target(), OTHER_URL)) {
                assertFalse(other.holds(), "the refused attempt and the look dropped the lock");
            }
        }
    }

    @Test
    void aLinkPutInTheLockFilesPlaceIsNeverWrittenThroughAndKeepsThePartFileFromThisDownload() throws IOException {
        var victim = Files.writeString(dir.resolve("victim.txt"), "keep me");
        Files.createSymbolicLink(PartLock.pathFor(target()), victim);

        assertNull(PartLock.tryLock(target(), URL));
        assertEquals(Optional.empty(), PartLock.owner(target()));
        assertEquals("keep me", Files.readString(victim));
        assertEquals(victim, Files.readSymbolicLink(PartLock.pathFor(target())), "and the link stays");
    }

    private List<String> listing() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
