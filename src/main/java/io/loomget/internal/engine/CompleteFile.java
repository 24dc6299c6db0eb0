package io.loomget.internal.engine;

import io.loomget.internal.io.CommitRecord;
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
 * decide. An unknown size is never complete.
 */
final class CompleteFile {

    private CompleteFile() {}

    /** Whether {@code file} holds the representation of {@code url} with {@code size} and {@code validator}. */
    static boolean holds(Path file, String url, long size, String validator) throws IOException {
        // Following links first: for a missing file, the usual case, that look throws no exception (with
        // NOFOLLOW_LINKS the JDK finds out by catching a NoSuchFileException, once per file of a run).
        if (!Files.isRegularFile(file) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false; // missing, not a file, or a link: whatever it points to is not this download
        }
        return holds(Files.size(file), Files.getLastModifiedTime(file).toMillis(), CommitRecord.readFrom(file),
                url, size, validator);
    }

    /** The rule itself, on what was read from disk. */
    static boolean holds(long fileSize, long fileModifiedMillis, Optional<CommitRecord> record,
                         String url, long size, String validator) {
        if (size < 0 || fileSize != size) {
            return false;
        }
        if (record.isEmpty()) {
            return true;
        }
        var r = record.get();
        return r.modifiedMillis() == fileModifiedMillis // changed since loomget wrote it: not what was recorded
                && r.size() == size
                && r.url().equals(url)
                && Objects.equals(r.validator(), validator);
    }
}
