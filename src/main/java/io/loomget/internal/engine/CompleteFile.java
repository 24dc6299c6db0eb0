package io.loomget.internal.engine;

import io.loomget.internal.io.Aria2ControlFile;
import io.loomget.internal.io.CommitRecord;
import io.loomget.internal.io.FileNames;
import io.loomget.internal.io.PartFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * With {@code -c}: whether a file under a final name already holds what the server offers, so a
 * re-run leaves it alone. When loomget committed the file itself (its {@link CommitRecord} is there
 * and the file has not been modified since), the URL, size and validator recorded then must equal
 * the server's now. A file without a record (made by another tool, or on a file system without user
 * attributes) counts as complete when its size equals the server's, as wget's and aria2's {@code -c}
 * decide. An unknown size is never complete. With {@code -N} ({@code versioned}) only the record
 * counts, and only with a validator: the question is whether the file is the server's current
 * version, which a size cannot answer; without one the conditional request decides.
 */
final class CompleteFile {

    /** How far {@link #find} looks: a list naming one file more often than this re-fetches the rest. */
    static final int MAX_NUMBERED = 100;

    private CompleteFile() {}

    /** Whether {@code file} holds the representation of {@code url} with {@code size} and {@code validator}. */
    static boolean holds(Path file, String url, long size, String validator) throws IOException {
        return holds(file, url, size, validator, false);
    }

    /** {@link #holds(Path, String, long, String)}; {@code versioned}: only a record with the server's validator counts. */
    static boolean holds(Path file, String url, long size, String validator, boolean versioned) throws IOException {
        // Following links first: for a missing file, the usual case, that look throws no exception (with
        // NOFOLLOW_LINKS the JDK finds out by catching a NoSuchFileException, once per file of a run).
        if (!Files.isRegularFile(file) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false; // missing, not a file, or a link: whatever it points to is not this download
        }
        var record = CommitRecord.readFrom(file);
        if (record.isEmpty() && Aria2ControlFile.isBeside(file)) {
            // aria2's unfinished download: it allocates the whole size first, so a size that matches says nothing
            return false;
        }
        return holds(Files.size(file), Files.getLastModifiedTime(file).toMillis(), record, url, size, validator, versioned);
    }

    /**
     * The file that holds {@code url}'s representation: {@code file} itself; else, when another file has
     * that name and no part file is beside it, the first of its numbered names ({@code name.1.ext}, ...,
     * looked at in order while each exists as a file or a part file) that loomget committed for this URL
     * in an earlier run, when another URL of the list had the name first (there the record decides: a
     * size alone could be a sibling's). Null when none holds it. {@code versioned}: as {@link #holds(Path, String, long, String, boolean)}.
     */
    static Path find(Path file, String url, long size, String validator, boolean versioned) throws IOException {
        if (holds(file, url, size, validator, versioned)) {
            return file;
        }
        // The name free, or a part file beside it (this URL's unfinished download or -N update, which -c
        // continues there): nothing to look for under the numbered names.
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) || Files.exists(PartFile.pathFor(file), LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        var name = file.getFileName().toString();
        for (int n = 1; n <= MAX_NUMBERED; n++) {
            var numbered = file.resolveSibling(FileNames.numbered(name, n));
            if (!Files.isRegularFile(numbered, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.exists(PartFile.pathFor(numbered), LinkOption.NOFOLLOW_LINKS)) {
                    continue; // an unfinished download holds this number: the names after it were handed out past it
                }
                return null;
            }
            var record = CommitRecord.readFrom(numbered);
            if (record.isPresent() && holds(Files.size(numbered), Files.getLastModifiedTime(numbered).toMillis(), record,
                    url, size, validator, versioned)) {
                return numbered;
            }
        }
        return null;
    }

    /** The rule itself, on what was read from disk. */
    static boolean holds(long fileSize, long fileModifiedMillis, Optional<CommitRecord> record,
                         String url, long size, String validator) {
        return holds(fileSize, fileModifiedMillis, record, url, size, validator, false);
    }

    static boolean holds(long fileSize, long fileModifiedMillis, Optional<CommitRecord> record,
                         String url, long size, String validator, boolean versioned) {
        if (size < 0 || fileSize != size) {
            return false;
        }
        if (record.isEmpty()) {
            return !versioned;
        }
        if (versioned && validator == null) {
            return false;
        }
        var r = record.get();
        return r.describes(fileSize, fileModifiedMillis)
                && r.url().equals(url)
                && Objects.equals(r.validator(), validator);
    }
}
