package io.loomget.internal.engine;

import io.loomget.DownloadEvent;
import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.internal.io.Aria2ControlFile;
import io.loomget.internal.io.PartFile;
import io.loomget.internal.io.PartLock;
import io.loomget.internal.io.ResumeState;
import io.loomget.internal.io.Storage;
import io.loomget.internal.io.TargetRegistry;
import io.loomget.internal.io.Workspace;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Where a download's bytes go: the first of {@code NAME}, {@code NAME.1.EXT}, {@code NAME.2.EXT}, ...
 * that is this download's to write. A name is passed over when another download of the run holds it,
 * a file has it (never replaced, except by {@code --overwrite} or {@code -N}'s newer version), or
 * its part file is not this download's: locked by another process, or left by another URL (or, without
 * {@code -c}, by any earlier run). With {@code -c}, the first part file that an earlier run left for
 * this URL is continued, whichever number it has ({@link Resumption}), and one of this URL that is
 * locked fails the download: another process is fetching it already.
 *
 * <p>Each name is claimed in the run's registry, then its part file locked, before anything on disk is
 * looked at: the part file found there is then neither another download's of this run nor another
 * process's being written.
 */
final class Placement {

    /** A new part file, or an earlier run's continued from {@code state}. */
    sealed interface Placed {
        Workspace workspace();
    }

    record Fresh(Workspace workspace) implements Placed {}

    record Continued(Workspace workspace, ResumeState state) implements Placed {}

    private final DownloadRequest request;
    private final boolean resume;
    private final DownloadListener listener;
    private final Storage storage;
    private final TargetRegistry targets;
    /** When the batch started (see {@link Resumption}). */
    private final Instant started;

    Placement(DownloadRequest request, boolean resume, DownloadListener listener, Storage storage, TargetRegistry targets,
              Instant started) {
        this.started = started;
        this.request = request;
        this.resume = resume;
        this.listener = listener;
        this.storage = storage;
        this.targets = targets;
    }

    /**
     * The part file for {@code name} in {@code dir}, given the probe's answer; {@code replacing} is the
     * existing file a newer version replaces ({@code -N}), else null.
     */
    Placed place(Probe probe, Path dir, String name, Path replacing) throws IOException {
        for (int n = 0; ; n++) {
            var candidate = targets.claim(dir, name, n);
            if (candidate == null) {
                continue; // another download of this run has it
            }
            Placed placed;
            try {
                placed = tryName(probe, candidate, name, candidate.equals(replacing));
            } catch (IOException | RuntimeException e) {
                targets.release(candidate);
                throw e;
            }
            if (placed != null) {
                return placed;
            }
            targets.release(candidate);
        }
    }

    /** {@code candidate}'s part file for this download, or null when this name is not this download's. */
    private Placed tryName(Probe probe, Path candidate, String name, boolean replaces) throws IOException {
        // An existing file is never replaced: looked at first, so that no lock file comes and goes for it.
        if (!replaces && !targets.overwrite() && Files.exists(candidate)) {
            if (!Aria2ControlFile.isBeside(candidate)) {
                return null;
            }
            if (!resume) {
                listener.on(new DownloadEvent.Notice(request, candidate.getFileName() + " is aria2's unfinished download ("
                        + Aria2ControlFile.pathFor(candidate).getFileName() + " beside it); run with -c to continue it."
                        + " Saving under a new name."));
                return null;
            }
            return takingOverFromAria2(probe, candidate, name);
        }
        if (probe.head() >= probe.size()) {
            // The first answer brings the whole file: its part file lives for that one answer, and a lock
            // file would double the system calls of a small file. Locked only when a part file is found
            // in the way, which another process may be writing.
            try {
                return new Fresh(create(probe, candidate, name, PartLock.none()));
            } catch (FileAlreadyExistsException leftoverFound) {
                // looked at under the lock below
            }
        }
        var lock = lock(candidate);
        if (lock == null) {
            return null;
        }
        return underLockOrLetGo(probe, candidate, name, lock);
    }

    /**
     * With {@code -c}, aria2's unfinished download under {@code candidate} ({@code NAME} beside
     * {@code NAME.aria2}) becomes this download's part file, with the bytes aria2's control file says it
     * wrote, and is continued as an earlier run's would be; null (the next name) when it cannot be: the
     * server does not split files, the control file is not one loomget reads, or it describes another size.
     */
    private Placed takingOverFromAria2(Probe probe, Path candidate, String name) throws IOException {
        var why = !probe.rangeable() ? "the server does not send ranges"
                : Files.exists(PartFile.pathFor(candidate), LinkOption.NOFOLLOW_LINKS) ? PartFile.pathFor(candidate).getFileName() + " is there too"
                : !Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS) ? "it is not a regular file"
                : null;
        java.util.List<long[]> done = null;
        if (why == null) {
            try {
                done = Aria2ControlFile.doneRuns(candidate, probe.size());
                if (!done.isEmpty() && done.getLast()[1] > Files.size(candidate)) {
                    why = "it is shorter than " + Aria2ControlFile.pathFor(candidate).getFileName() + " says";
                }
            } catch (IOException e) {
                why = e.getMessage();
            }
        }
        if (why != null) {
            listener.on(new DownloadEvent.Notice(request, candidate.getFileName() + " is aria2's unfinished download ("
                    + Aria2ControlFile.pathFor(candidate).getFileName() + " beside it), not continued: " + Printable.of(why)
                    + "; left as it is. Saving under a new name."));
            return null;
        }
        var lock = lock(candidate);
        if (lock == null) {
            return null;
        }
        try {
            // The file takes the part file's name, then gets its state: a crash between the two leaves a part
            // file without state, which -c starts over, never one whose state claims bytes it lacks.
            Files.move(candidate, PartFile.pathFor(candidate)); // not over anything: fails if a part file appeared
            // aria2 records no version of the file: the server's now is taken to be the one it began, as aria2 takes it.
            new ResumeState(request.displayUri(), probe.size(), probe.ifRange(), done).write(ResumeState.pathFor(candidate));
            Files.deleteIfExists(Aria2ControlFile.pathFor(candidate));
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        listener.on(new DownloadEvent.Notice(request, "taking over aria2's unfinished " + candidate.getFileName()
                + " (" + Aria2ControlFile.pathFor(candidate).getFileName() + " removed) as "
                + PartFile.pathFor(candidate).getFileName()));
        return underLockOrLetGo(probe, candidate, name, lock);
    }

    /** The part file's lock, or null (said, and the next name is tried) when another process holds it. */
    private PartLock lock(Path candidate) throws IOException {
        PartLock lock;
        try {
            lock = PartLock.tryLock(candidate, request.displayUri());
        } catch (ClosedByInterruptException e) {
            throw e;
        } catch (IOException e) {
            throw new LocalWriteException("cannot create " + PartFile.pathFor(candidate), e);
        }
        if (lock == null) {
            inUse(candidate);
        }
        return lock;
    }

    /** {@link #underLock}, letting the lock go when the name is not placed after all. */
    private Placed underLockOrLetGo(Probe probe, Path candidate, String name, PartLock lock) throws IOException {
        try {
            var placed = underLock(probe, candidate, name, lock);
            if (placed == null) {
                lock.close();
            }
            return placed;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private Placed underLock(Probe probe, Path candidate, String name, PartLock lock) throws IOException {
        try {
            // Created exclusively, which also tells whether an earlier run left a part file under this name.
            return new Fresh(create(probe, candidate, name, lock));
        } catch (FileAlreadyExistsException leftoverFound) {
            // decided below
        }
        var leftover = new Resumption(request, resume, listener, storage, started).stateFor(candidate, probe);
        var resumed = leftover.resumed();
        if (resumed != null) {
            return new Continued(Workspace.resumed(targets, candidate, name, resumed.part(), lock), resumed.state());
        }
        if (leftover.keepsName()) {
            return null;
        }
        try {
            return new Fresh(create(probe, candidate, name, lock)); // with -c, one that could not be continued is gone
        } catch (FileAlreadyExistsException again) {
            return null; // put back by something that takes no lock: not ours either
        }
    }

    private Workspace create(Probe probe, Path target, String name, PartLock lock) throws IOException {
        try {
            // A file the probe brings whole is written in one go: no need to preallocate it.
            return Workspace.create(targets, storage, target, name, probe.head() >= probe.size() ? -1 : probe.size(), lock);
        } catch (FileAlreadyExistsException | ClosedByInterruptException e) {
            throw e; // an interrupt during the create (preallocation) is a cancellation, not a write failure
        } catch (IOException e) {
            throw new LocalWriteException("cannot create " + PartFile.pathFor(target), e);
        }
    }

    /**
     * {@code candidate}'s part file is locked by another process (or another run in this JVM). When that
     * one is downloading this URL too, {@code -c} would continue the very same part file: this download
     * fails rather than fetch the file a second time under another name; without {@code -c} it takes the
     * next name, as it would beside any part file, and says why.
     */
    private void inUse(Path candidate) throws PartInUseException {
        var owner = PartLock.owner(candidate);
        if (owner.isEmpty() || !owner.get().equals(request.displayUri())) {
            return;
        }
        var part = PartFile.pathFor(candidate).getFileName();
        if (resume) {
            throw new PartInUseException(part + " is being written by another loomget run downloading this URL;"
                    + " not downloading it twice (run -c again once that run is over)");
        }
        listener.on(new DownloadEvent.Notice(request, part
                + " is being written by another loomget run downloading this URL; saving under a new name"));
    }
}
