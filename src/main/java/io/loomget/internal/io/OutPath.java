package io.loomget.internal.io;

import java.nio.file.Path;
import java.util.ArrayList;

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
        if (text.startsWith("/") || text.startsWith("\\") || text.matches("^[A-Za-z]:[/\\\\].*")) {
            throw new IllegalArgumentException("'" + text + "' is an absolute path; give a path inside the output directory (-d)");
        }
        var segments = new ArrayList<String>();
        for (var segment : text.split("[/\\\\]", -1)) {
            if (segment.equals("..")) {
                throw new IllegalArgumentException("'" + text + "' leaves the output directory (-d)");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        var last = text.substring(Math.max(text.lastIndexOf('/'), text.lastIndexOf('\\')) + 1);
        if (segments.isEmpty() || last.isEmpty() || last.equals(".")) {
            throw new IllegalArgumentException("'" + text + "' names a directory, not a file");
        }
        Path dir = null;
        for (var segment : segments.subList(0, segments.size() - 1)) {
            var safe = FileNames.sanitize(segment);
            dir = dir == null ? Path.of(safe) : dir.resolve(safe);
        }
        return new OutPath(dir, FileNames.sanitize(segments.getLast()));
    }
}
