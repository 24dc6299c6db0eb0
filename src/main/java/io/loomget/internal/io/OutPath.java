package io.loomget.internal.io;

import java.nio.file.Path;

/**
 * What {@code -o} or an input file's {@code out=} asks for: a file name, possibly below a
 * sub-directory of the output directory ({@code -o sub/x.bin} saves {@code DIR/sub/x.bin}, creating
 * {@code sub}). A path that could leave the output directory ({@code ..}, an absolute path) or that
 * names no file ({@code .}, an empty text, a trailing {@code /}) is refused with a message for the user.
 *
 * @param dir  the sub-directory, relative to the output directory; null for the directory itself
 * @param name a single, safe file name
 */
public record OutPath(Path dir, String name) {

    /** Parses a relative path; the exception's message says what is wrong. */
    public static OutPath parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("needs a file name, got an empty one");
        }
        var path = directory(text);
        var last = text.substring(Math.max(text.lastIndexOf('/'), text.lastIndexOf('\\')) + 1);
        if (path == null || last.isEmpty() || last.equals(".")) {
            throw new IllegalArgumentException("'" + text + "' names a directory, not a file");
        }
        return new OutPath(path.getParent(), path.getFileName().toString());
    }

    /**
     * A sub-directory of the output directory (an input file's {@code dir=}): relative, never
     * leaving it, each segment a safe name; null for the output directory itself.
     *
     * @throws IllegalArgumentException for an absolute path or one with {@code ..}
     */
    public static Path directory(String text) {
        if (text.startsWith("/") || text.startsWith("\\") || text.matches("^[A-Za-z]:[/\\\\].*")) {
            throw new IllegalArgumentException("'" + text + "' is an absolute path; give a path inside the output directory (-d)");
        }
        Path dir = null;
        for (var segment : text.split("[/\\\\]")) {
            if (segment.equals("..")) {
                throw new IllegalArgumentException("'" + text + "' leaves the output directory (-d)");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                var safe = FileNames.chosen(segment);
                dir = dir == null ? Path.of(safe) : dir.resolve(safe);
            }
        }
        return dir;
    }

    /** Whether {@code dir} would leave the output directory: absolute, or with a {@code ..}. */
    public static boolean leaves(Path dir) {
        if (dir.isAbsolute() || dir.getRoot() != null) {
            return true;
        }
        for (var segment : dir) {
            if (segment.toString().equals("..")) {
                return true;
            }
        }
        return false;
    }
}
