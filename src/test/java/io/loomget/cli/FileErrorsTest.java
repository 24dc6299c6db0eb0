package io.loomget.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A local file error names its cause in words, not only the path the JDK puts in the message. */
class FileErrorsTest {

    static Stream<Arguments> errorsAndTheirReasons() {
        return Stream.of(
                arguments("access denied is permission denied", new AccessDeniedException("/root/x"), "permission denied"),
                arguments("no such file says so", new NoSuchFileException("/proc/nope"), "no such file or directory"),
                arguments("a file in the way says so", new FileAlreadyExistsException("/tmp/x"), "a file is in the way"),
                arguments("not a directory says so", new NotDirectoryException("/etc/passwd"), "not a directory"),
                arguments("the system's reason is used in lower case",
                        new FileSystemException("/mnt/x", null, "Read-only file system"), "read-only file system"),
                arguments("a plain IOException keeps its first line",
                        new IOException("No space left on device\nmore"), "no space left on device"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorsAndTheirReasons")
    void anErrorIsNamedByItsReason(String behaviour, IOException error, String reason) {
        assertEquals(reason, FileErrors.reason(error));
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
