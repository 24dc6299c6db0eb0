package io.loomget.internal.io;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Hands out final paths for one run: a name already on disk, already promised to another download
 * of this run, or held by someone's part file is never reused; the next free {@code name.N.ext} is.
 *
 * <p>Only the names of files in flight are held: once a file has its name on disk, the disk says
 * it is taken, so memory does not grow with the list. With {@code overwrite} the disk cannot tell
 * this run's files from older ones, so the names this run committed are kept (one path each).
 * A queue's download may differ from the run in that ({@link #withOverwrite}): one set of names
 * serves both.
 */
public final class TargetRegistry {

    /** Shared by every view of the run's names; its own monitor guards it. */
    private final Set<Path> reserved;
    private final boolean overwrite;

    public TargetRegistry(boolean overwrite) {
        this(new HashSet<>(), overwrite);
    }

    private TargetRegistry(Set<Path> reserved, boolean overwrite) {
        this.reserved = reserved;
        this.overwrite = overwrite;
    }

    /** The same names, for a download that does (or does not) replace existing files: aria2's per-download {@code allow-overwrite}. */
    public TargetRegistry withOverwrite(boolean overwrite) {
        return overwrite == this.overwrite ? this : new TargetRegistry(reserved, overwrite);
    }

    public boolean overwrite() {
        return overwrite;
    }

    /**
     * Reserves a path for {@code name} inside {@code dir} (which must already be safe): the first of
     * {@code name}, {@code name.1.ext}, ... that no file, part file or download of this run has.
     */
    public Path reserve(Path dir, String name) {
        for (int n = 0; ; n++) {
            var candidate = claim(dir, name, n);
            if (candidate == null) {
                continue;
            }
            // Claimed first, then looked up on disk outside the lock (-j downloads reserve at once):
            // another download of this run that commits the name meanwhile claimed it before us.
            // Following links: then the JDK asks access(2), which says "absent" without the two exceptions
            // (stack traces and all) it throws to say so about a link's own entry. A dangling link looks free
            // here, but the commit's hard link finds the name taken and the file takes the next free one.
            boolean taken = !overwrite && Files.exists(candidate) || hasPartFile(candidate);
            if (!taken) {
                return candidate;
            }
            release(candidate);
        }
    }

    /**
     * Holds exactly the {@code n}th form of {@code name} in {@code dir} ({@code name} itself for 0, else
     * {@code name.n.ext}) for the caller, whatever is on disk under it; null when another download of
     * this run holds it. While it is held, a part file of that name on disk is not being written by
     * this run: the caller looks (under the part file's {@link PartLock}, which keeps other processes
     * out), then keeps the name or {@linkplain #release releases} it and tries the next.
     */
    public Path claim(Path dir, String name, int n) {
        var candidate = candidate(dir, name, n);
        return claim(candidate) ? candidate : null;
    }

    private static Path candidate(Path dir, String name, int n) {
        var segment = n == 0 ? name : FileNames.numbered(name, n);
        // One name inside dir: then resolving it needs no normalizing (a path of its own per file).
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.indexOf('/') >= 0) {
            throw new IllegalArgumentException("unsafe file name: " + name);
        }
        return dir.normalize().resolve(segment);
    }

    /** Whether something has the part file's name of {@code target}: not following links, a dangling one counts too. */
    private static boolean hasPartFile(Path target) {
        return Files.exists(PartFile.pathFor(target), LinkOption.NOFOLLOW_LINKS);
    }

    /** Takes {@code path} for this run unless another download of it holds it already. */
    private boolean claim(Path path) {
        synchronized (reserved) {
            return reserved.add(path);
        }
    }

    /** The file now has its name on disk: without {@code overwrite}, the disk keeps it from being handed out again. */
    public void committed(Path path) {
        if (!overwrite) {
            release(path);
        }
    }

    /** Frees a reservation whose download never produced the file (a part file left on disk still holds the name). */
    public void release(Path path) {
        synchronized (reserved) {
            reserved.remove(path);
        }
    }
}
