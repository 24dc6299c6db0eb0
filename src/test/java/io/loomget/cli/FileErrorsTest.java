package io.loomget.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local file error names its cause in words, not only the path the JDK puts in the message. */
class FileErrorsTest {

    @Test
    void accessDeniedIsPermissionDenied() {
        assertEquals("permission denied", FileErrors.reason(new AccessDeniedException("/root/x")));
    }

    @Test
    void noSuchFileSaysSo() {
        assertEquals("no such file or directory", FileErrors.reason(new NoSuchFileException("/proc/nope")));
    }

    @Test
    void aFileInTheWaySaysSo() {
        assertEquals("a file is in the way", FileErrors.reason(new FileAlreadyExistsException("/tmp/x")));
    }

    @Test
    void notADirectorySaysSo() {
        assertEquals("not a directory", FileErrors.reason(new NotDirectoryException("/etc/passwd")));
    }

    @Test
    void theSystemsReasonIsUsedInLowerCase() {
        assertEquals("read-only file system", FileErrors.reason(new FileSystemException("/mnt/x", null, "Read-only file system")));
    }

    @Test
    void aPlainIoExceptionKeepsItsFirstLine() {
        assertEquals("no space left on device", FileErrors.reason(new IOException("No space left on device\nmore")));
    }

    @Test
    void realErrorsFromTheFileSystemAreNamed(@TempDir Path tmp) throws IOException {
        var file = Files.writeString(tmp.resolve("file"), "x");
        var underAFile = assertThrowsIo(() -> Files.createDirectories(file.resolve("sub")));
        assertEquals("a file is in the way", FileErrors.reason(assertThrowsIo(() -> Files.createDirectories(file))));
        assertEquals("not a directory", FileErrors.reason(underAFile));
        assertEquals("no such file or directory", FileErrors.reason(assertThrowsIo(() -> Files.createDirectories(Path.of("/proc/nope")))));
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static IOException assertThrowsIo(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            return e;
        }
        throw new AssertionError("no IOException");
    }
}
