package io.loomget.internal.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Objects;
import java.util.Optional;

/**
 * What loomget knew about a file when it gave it its final name: the URL (credentials masked), the
 * size and validator of the representation, and the file's modification time right then. Kept in a
 * user extended attribute of the file itself ({@code user.loomget.commit}), so it travels with the
 * file through the final rename and adds no file to the directory. A file system without user
 * attributes (older tmpfs, some network and FAT file systems) simply has no record: best effort.
 */
public record CommitRecord(String url, long size, String validator, long modifiedMillis) {

    /** The attribute's name; the view adds the {@code user.} namespace. */
    static final String ATTRIBUTE = "loomget.commit";
    private static final int FORMAT = 1;
    private static final int MAX_BYTES = 64 * 1024;
    /** Buffers recycled across threads: the default pool keeps them per thread, and a virtual thread that lives
     *  for one file would allocate ~12 KiB afresh for every parser. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();

    public CommitRecord {
        Objects.requireNonNull(url);
    }

    /**
     * Whether the file this was read from is still as loomget committed it: the same size and
     * modification time (changed since, it is no longer what was recorded).
     */
    public boolean describes(long fileSize, long fileModifiedMillis) {
        return size == fileSize && modifiedMillis == fileModifiedMillis;
    }

    /** Records this on {@code file}; false when its file system keeps no user attributes. */
    public boolean writeTo(Path file) {
        var view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        if (view == null) {
            return false;
        }
        var json = new Representation(FORMAT, url, size, validator).openObject()
                .append(",\"modified_ms\":").append(modifiedMillis).append('}');
        try {
            view.write(ATTRIBUTE, ByteBuffer.wrap(json.toString().getBytes(StandardCharsets.UTF_8)));
            return true;
        } catch (IOException | UnsupportedOperationException unsupported) {
            return false; // e.g. "Operation not supported" on a tmpfs without user xattrs
        }
    }

    /** The record on {@code file}; empty when there is none, it cannot be read, or it is not ours. */
    public static Optional<CommitRecord> readFrom(Path file) {
        var view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        if (view == null) {
            return Optional.empty();
        }
        try {
            int size = view.size(ATTRIBUTE);
            if (size <= 0 || size > MAX_BYTES) {
                return Optional.empty();
            }
            var buffer = ByteBuffer.allocate(size);
            view.read(ATTRIBUTE, buffer);
            return parse(buffer.array(), buffer.position());
        } catch (IOException | UnsupportedOperationException | SecurityException none) {
            return Optional.empty();
        }
    }

    private static Optional<CommitRecord> parse(byte[] bytes, int length) throws IOException {
        try (var p = JSON.createParser(bytes, 0, length)) {
            var modified = new long[] {Long.MIN_VALUE};
            var shared = Representation.read(p, FORMAT, (field, parser) -> {
                if (!field.equals("modified_ms")) {
                    return false;
                }
                modified[0] = parser.getLongValue();
                return true;
            });
            if (shared == null || modified[0] == Long.MIN_VALUE) {
                return Optional.empty();
            }
            return Optional.of(new CommitRecord(shared.url(), shared.size(), shared.validator(), modified[0]));
        } catch (RuntimeException corrupt) {
            return Optional.empty();
        }
    }
}
