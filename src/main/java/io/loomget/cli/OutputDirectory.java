package io.loomget.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code -d}, made ready before anything is requested: a directory that cannot be used is a usage error. */
final class OutputDirectory {

    private OutputDirectory() {}

    /**
     * Creates {@code dir} if missing.
     *
     * @throws IllegalArgumentException naming the directory and why it cannot be used, in words
     */
    static void prepare(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create output directory " + dir + ": " + FileErrors.reason(e), e);
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("cannot use output directory " + dir + ": not a directory");
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException("output directory " + dir + " is not writable: " + unwritableReason(dir));
        }
    }

    /** Why {@code dir} cannot be written, in words: the system's answer to creating a file there. */
    static String unwritableReason(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, ".loomget-", ".probe"));
            return "permission denied"; // access(2) said no although a file could be made: the permission bits
        } catch (IOException e) {
            return FileErrors.reason(e);
        }
    }
}
