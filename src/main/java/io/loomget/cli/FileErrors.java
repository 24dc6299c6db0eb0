package io.loomget.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * The cause of a local file error in words. The JDK's file exceptions often carry only the path as
 * their message ({@code NoSuchFileException: /proc/nope}); the type, or the system's reason, is what
 * the user needs to read.
 */
final class FileErrors {

    private FileErrors() {}

    /** {@code permission denied}, {@code read-only file system}, {@code no such file or directory}, ... */
    public static String reason(IOException e) {
        return switch (e) {
            case AccessDeniedException denied -> "permission denied";
            case NoSuchFileException missing -> "no such file or directory";
            case FileAlreadyExistsException exists -> "a file is in the way";
            case NotDirectoryException notDir -> "not a directory";
            case DirectoryNotEmptyException notEmpty -> "directory not empty";
            case FileSystemLoopException loop -> "too many levels of symbolic links";
            case FileSystemException other when other.getReason() != null -> lower(other.getReason());
            case FileSystemException other -> "file system error";
            default -> e.getMessage() == null || e.getMessage().isBlank()
                    ? e.getClass().getSimpleName() : lower(e.getMessage().lines().findFirst().orElse(""));
        };
    }

    /** The system's "Read-only file system" reads better inside a sentence as "read-only file system". */
    private static String lower(String text) {
        return text.length() > 1 && Character.isUpperCase(text.charAt(0)) && Character.isLowerCase(text.charAt(1))
                ? text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1) : text;
    }
}
