package io.loomget.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The temporary file {@code NAME.part} beside a download's target: every range writes its bytes
 * at their own offset, so the "merge" is nothing more than an atomic rename once all ranges are
 * in. Each byte is written to disk once, and the heap never holds more than the buffers in flight.
 */
public final class PartFile {

    public static final String SUFFIX = ".part";

    /** Opens a writer of its own for one range of the part file at {@code path}. */
    @FunctionalInterface
    public interface Writers {
        RangeWriter open(Path path) throws IOException;
    }

    /**
     * Positional writes straight into the file, through a {@link FileChannel} per range. Never through a
     * link: one put in the part file's place would send the bytes wherever it points.
     */
    public static final Writers CHANNELS = path -> new ChannelWriter(openExisting(path));

    private final Path path;
    private final Writers writers;
    /** The channel the file was created with, kept for the first range to write through: one open less per file. */
    private final AtomicReference<FileChannel> created;

    private PartFile(Path path, Writers writers, FileChannel created) {
        this.path = path;
        this.writers = writers;
        this.created = new AtomicReference<>(created);
    }

    /**
     * The part file of {@code target}, created new and empty.
     *
     * @throws FileAlreadyExistsException when a part file of that name exists: an earlier run's, or
     *                                    another process's being written now
     */
    public static PartFile create(Path target, long size) throws IOException {
        return create(target, size, CHANNELS);
    }

    /** Like {@link #create(Path, long)}, with the ranges' bytes written through {@code writers}. */
    public static PartFile create(Path target, long size, Writers writers) throws IOException {
        var path = pathFor(target);
        var ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            if (size > 0) {
                // Sparse preallocation: later positional writes never extend the file.
                ch.write(ByteBuffer.allocate(1), size - 1);
            }
        } catch (IOException e) {
            // A full disk, or a size past what the file system allows: the file just created is ours and
            // holds nothing, and without a resume state it could never be continued. Left behind, it would
            // only keep the name from the next run, which would then save as NAME.1.
            ch.close();
            try {
                Files.deleteIfExists(path);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        if (writers != CHANNELS) {
            ch.close(); // writers of another kind open their own
            ch = null;
        }
        return new PartFile(path, writers, ch);
    }

    /**
     * The part file of {@code target} as an earlier run left it, if its length fits a file of
     * {@code size} bytes whose written runs end at {@code writtenEnd}: a large file was preallocated
     * to {@code size}, a small one (fetched in one request) only grew as far as its bytes came, so
     * anything from {@code writtenEnd} to {@code size} is fine; positional writes fill in the rest.
     */
    public static java.util.Optional<PartFile> existing(Path target, long size, long writtenEnd) throws IOException {
        var path = pathFor(target);
        // A link is never continued: its writes would land wherever it points, maybe outside the directory.
        if (Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            long length = Files.size(path);
            if (length >= writtenEnd && length <= size) {
                return java.util.Optional.of(new PartFile(path, CHANNELS, null));
            }
        }
        return java.util.Optional.empty();
    }

    /** Forces written data to the device, before a resume state may count it as done. */
    public void force() throws IOException {
        try (var ch = openExisting(path)) {
            ch.force(false);
        }
    }

    private static FileChannel openExisting(Path path) throws IOException {
        return FileChannel.open(path, StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    public static Path pathFor(Path target) {
        return target.resolveSibling(target.getFileName() + SUFFIX);
    }

    public Path path() {
        return path;
    }

    /** Empties the file, for a download that has to start over as one stream. */
    public void reset() throws IOException {
        release();
        try (var ch = openExisting(path)) {
            ch.truncate(0);
        }
    }

    /**
     * A writer of its own for one range. Each range gets its own channel because an interrupted
     * thread closes the {@link FileChannel} it was using: a cancelled sibling must not close ours.
     */
    public RangeWriter openWriter() throws IOException {
        var channel = created.getAndSet(null);
        return channel != null ? new ChannelWriter(channel) : writers.open(path);
    }

    /** Closes the channel kept from the creation when no range took it (the download ended before one wrote). */
    public void release() {
        var channel = created.getAndSet(null);
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was written through it: nothing to lose
            }
        }
    }

    public long size() throws IOException {
        return Files.size(path);
    }

    /**
     * Gives the finished file its final name. Without {@code replace} the name must still be free:
     * a hard link fails atomically when the target exists, so nothing is ever overwritten silently.
     * On a file system without hard links the check and the rename are two steps (best effort).
     */
    public void commit(Path target, boolean replace) throws IOException {
        release();
        if (replace) {
            Files.move(path, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        try {
            Files.createLink(target, path);
        } catch (FileAlreadyExistsException taken) {
            throw taken;
        } catch (UnsupportedOperationException | IOException noLinks) {
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        deleteQuietly(); // the file has its name; a part name left behind is harmless
    }

    public void deleteQuietly() {
        release();
        // Best effort (a stale part file is harmless, it never carries the final name), and one system
        // call: Files.deleteIfExists would look at the file before it unlinks it.
        path.toFile().delete();
    }

    /** Positional writes for one range. */
    public interface RangeWriter extends AutoCloseable {

        /** Writes all of {@code buffer} at {@code position}. */
        void write(ByteBuffer buffer, long position) throws IOException;

        @Override
        void close() throws IOException;
    }

    private record ChannelWriter(FileChannel channel) implements RangeWriter {

        @Override
        public void write(ByteBuffer buffer, long position) throws IOException {
            long pos = position;
            while (buffer.hasRemaining()) {
                pos += channel.write(buffer, pos);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
