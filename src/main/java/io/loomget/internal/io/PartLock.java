package io.loomget.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps a part file to one loomget process at a time: an OS file lock on {@code NAME.part.lock} beside
 * it, taken before the part file is looked at (continued, removed or created) and held until the
 * download is over, when the lock file goes. Within a run the name registry keeps two downloads
 * apart; this keeps apart two processes (two {@code loomget -c} on one list, a cron run that
 * overlaps the last one). The OS drops the lock when its process dies, however it dies; the lock
 * file then stays beside the part file, and the next run takes it over.
 *
 * <p>Why a file of its own and not a lock on the part file: Java's locks are POSIX record locks,
 * which the OS drops as soon as the process closes <em>any</em> descriptor of the file, and every
 * range writes through a channel of its own that it closes. The lock file is opened only here, and
 * never twice in one JVM ({@link #HELD}): opening it again and closing that would drop the lock.
 *
 * <p>The holder writes the URL it downloads on the file's first line, so another process that finds
 * it locked can tell whether it is downloading the same URL ({@link #owner}).
 */
public final class PartLock implements AutoCloseable {

    public static final String SUFFIX = ".part.lock";
    /** How often a lock that turned out to be on a file no longer under the name is tried again. */
    private static final int ATTEMPTS = 3;
    /** The most {@link #mark} writes: a URL's line (URLs this long are refused well before), its padding, a newline. */
    private static final int MAX_MARK = 1 << 20;
    /** The lock files this JVM has open, and the URL each is held for ("" while one is only read). */
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

    private final Path path;
    /** Null where the file system keeps no locks (then the lock is best effort: none). */
    private final FileChannel channel;
    private final AtomicBoolean open = new AtomicBoolean(true);

    private PartLock(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /**
     * No lock: for a part file that lives only while one answer is written ({@code Placement} says when),
     * where a lock file would cost more system calls than the file itself.
     */
    public static PartLock none() {
        return new PartLock(null, null);
    }

    public static Path pathFor(Path target) {
        return target.resolveSibling(target.getFileName() + SUFFIX);
    }

    /**
     * Locks the part file of {@code target} for a download of {@code url}; null when someone else has
     * it: another process, or another download of this JVM (or something not a file has the lock
     * file's name, a link say: then the part file is not this download's either).
     */
    public static PartLock tryLock(Path target, String url) throws IOException {
        var path = pathFor(target);
        if (HELD.putIfAbsent(path, url) != null) {
            return null;
        }
        PartLock lock = null;
        try {
            lock = lockFile(path, url);
            return lock;
        } finally {
            if (lock == null) {
                HELD.remove(path);
            }
        }
    }

    private static PartLock lockFile(Path path, String url) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            var opened = open(path);
            if (opened == null) {
                return null; // something not a file has the name: the part file is not this download's either
            }
            var channel = opened.channel();
            boolean held = false;
            try {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException sameJvm) { // locked outside this class: someone else's
                    lock = null;
                } catch (ClosedChannelException interrupted) {
                    throw interrupted; // a cancellation: the interrupt closed the channel
                } catch (IOException noLocks) {
                    // ENOLCK and the like (some network file systems): no lock to be had there, for anyone.
                    if (opened.existed() && !isLockFile(channel)) {
                        return null;
                    }
                    Files.deleteIfExists(path);
                    return new PartLock(path, null);
                }
                if (lock == null) {
                    return null;
                }
                if (opened.existed() && !isLockFile(channel)) {
                    return null; // a file of someone else's that only has a lock file's name: neither emptied nor removed
                }
                held = mark(channel, path, url);
                if (held) {
                    return new PartLock(path, channel);
                }
                // else an orphan: its holder removed it from under the name before letting go; once more
            } finally {
                if (!held) {
                    channel.close();
                }
            }
        }
        return null; // the name changed hands under us each time: someone else is busy with it
    }

    /**
     * The lock file, opened for writing and never through a link (its writes would land wherever it
     * points); null when something not a regular file has its name. Created exclusively first, the usual
     * case, which no name in the way can turn into anything else; only a name already taken (a lock file
     * a killed run left, another run's) is looked at before it is opened: opening a FIFO there would
     * block until someone reads it, and the download, its run and Ctrl-C with it, would hang for good.
     */
    private static Opened open(Path path) throws IOException {
        try {
            return new Opened(FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), false);
        } catch (FileAlreadyExistsException taken) {
            // looked at below
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (!isRegularFile(path)) {
                return null;
            }
            try {
                // Readable too: whether it is a lock file is read through this channel, as closing another would drop the lock.
                return new Opened(FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS), true);
            } catch (NoSuchFileException gone) { // its holder let go meanwhile: the name is free again
                try {
                    return new Opened(FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), false);
                } catch (FileAlreadyExistsException takenAgain) {
                    // someone else's now: looked at again
                }
            } catch (IOException e) {
                if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !isRegularFile(path)) {
                    return null; // a link, say (O_NOFOLLOW), or a file swapped for something else meanwhile
                }
                throw e;
            }
        }
        return null; // the name changed hands under us each time: someone else is busy with it
    }

    /** The lock file opened; {@code existed}: it was there already (a killed run's, another run's, or no lock file at all). */
    private record Opened(FileChannel channel, boolean existed) {}

    /**
     * Whether the file open on {@code channel} is what {@link #mark} writes: empty (a holder killed before
     * it wrote), or a URL's line, zeros and a final newline. Anything else only has a lock file's name
     * (a server can name a download {@code x.bin.part.lock}): taken over, it would be emptied and removed.
     */
    private static boolean isLockFile(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return true;
        }
        if (size > MAX_MARK) {
            return false;
        }
        var bytes = ByteBuffer.allocate((int) size);
        while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) >= 0) {
            // positional reads until full
        }
        var text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        if (end < 0 || !(text.startsWith("http://") || text.startsWith("https://")) || text.charAt(text.length() - 1) != '\n') {
            return false;
        }
        for (int i = end + 1; i < text.length() - 1; i++) {
            if (text.charAt(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code path} is a regular file itself, not a link to one; false when it is gone. */
    private static boolean isRegularFile(Path path) {
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Writes {@code url} on the locked file's first line and gives the file a size drawn for this lock,
     * then tells whether the name still leads to it. A holder removes the file just before it lets go,
     * so a process that opened it just before may lock a file no longer under the name, while a third
     * creates a new one and locks that. Java cannot look at an open channel's inode, and opening the
     * name again would drop the lock (see the class comment); its size, read from the name, tells (two
     * holders in that race drawing one size: one chance in 65,536).
     */
    private static boolean mark(FileChannel channel, Path path, String url) throws IOException {
        var line = (url + "\n").getBytes(StandardCharsets.UTF_8);
        long size = line.length + 1 + ThreadLocalRandom.current().nextInt(1 << 16); // sparse: a block or two on disk
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(line), 0);
        channel.write(ByteBuffer.wrap(new byte[] {'\n'}), size - 1);
        try {
            var now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return now.isRegularFile() && now.size() == size;
        } catch (NoSuchFileException gone) {
            return false;
        }
    }

    /**
     * The URL whose download holds the part file of {@code target}, as the holder wrote it; empty when
     * that cannot be told (no lock file, or one not written yet).
     */
    public static Optional<String> owner(Path target) {
        var path = pathFor(target);
        // Read only while this JVM does not hold it: closing what was read would drop that lock.
        var held = HELD.putIfAbsent(path, "");
        if (held != null) {
            return held.isEmpty() ? Optional.empty() : Optional.of(held);
        }
        if (!isRegularFile(path)) {
            return Optional.empty(); // a FIFO would block the read until someone writes to it
        }
        try (var in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
            var first = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            int end = first.indexOf('\n');
            return end > 0 ? Optional.of(first.substring(0, end)) : Optional.empty();
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        } finally {
            HELD.remove(path, "");
        }
    }

    /** Removes the lock file, then lets go: no one can be waiting for it, as locks here are only tried. */
    @Override
    public void close() {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        try {
            if (channel != null) {
                try {
                    Files.deleteIfExists(path); // an unlink: it opens nothing, so the lock holds until the close
                } catch (IOException ignored) {
                    // a lock file left behind is harmless: the next run takes it over
                }
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing a descriptor releases its lock whatever close reports
                }
            }
        } finally {
            if (path != null) {
                HELD.remove(path);
            }
        }
    }
}
