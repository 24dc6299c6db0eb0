package io.loomget.internal.io;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

/**
 * One download's files on disk, from its part file to its final name: the name reserved for it in
 * this run, the lock that keeps the part file to this process, the part file its ranges write into,
 * the resume state beside that, and the commit. The download's one owner of all of them: it ends by
 * {@linkplain #commit committing} the workspace, {@linkplain #abandon abandoning} it (what can be
 * resumed stays) or {@linkplain #discard discarding} it; each lets go of the lock, then of the name.
 */
public final class Workspace {

    private final TargetRegistry names;
    /** The name the download asked for: {@link #target} is it or, when it was taken, a numbered form of it. */
    private final String name;
    private final Path target;
    private final PartFile part;
    private final PartLock lock;
    /** Serializes the state writes of the file's own thread and of a checkpoint from another thread. */
    private final Object stateLock = new Object();
    /** Whether a resume state may be beside the part file: an earlier run's, or one written now. */
    private boolean stateOnDisk;
    /** Set once the ranges are over: the file is then committed or cleaned up, and no state may appear. */
    private boolean stateClosed;

    private Workspace(TargetRegistry names, String name, Path target, PartFile part, PartLock lock, boolean stateOnDisk) {
        this.names = names;
        this.name = name;
        this.target = target;
        this.part = part;
        this.lock = lock;
        this.stateOnDisk = stateOnDisk;
    }

    /**
     * A new part file for {@code target}, a name {@code names} reserved for {@code name} (it, or a
     * numbered form of it) whose part file {@code lock} holds, sparse-preallocated to {@code size} when
     * that is positive. When it cannot be created, the lock and the name go back, except when a part
     * file is in the way ({@link java.nio.file.FileAlreadyExistsException}): then the caller still holds
     * both while it decides about that part file (continue it, or take the next name and release this
     * one), so that no other download, of the run or of another process, can take it meanwhile.
     */
    public static Workspace create(TargetRegistry names, Storage storage, Path target, String name, long size,
                                   PartLock lock) throws IOException {
        try {
            return new Workspace(names, name, target, storage.create(target, size), lock, false);
        } catch (java.nio.file.FileAlreadyExistsException partInTheWay) {
            throw partInTheWay;
        } catch (IOException | RuntimeException e) {
            lock.close();
            names.release(target);
            throw e;
        }
    }

    /**
     * An earlier run's part file for {@code target} (a name reserved for {@code name}: it, or a numbered
     * form of it), continued from the resume state beside it, under {@code lock}.
     */
    public static Workspace resumed(TargetRegistry names, Path target, String name, PartFile part, PartLock lock) {
        return new Workspace(names, name, target, part, lock, true);
    }

    /** Removes what an earlier run left for {@code target} (its part file and resume state), to start over. */
    public static void removeLeftovers(Path target) throws IOException {
        Files.deleteIfExists(PartFile.pathFor(target));
        ResumeState.delete(target);
    }

    /** The name reserved for the file; {@link #commit} may end with another when this one was taken meanwhile. */
    public Path target() {
        return target;
    }

    public PartFile part() {
        return part;
    }

    /**
     * Records {@code state} for {@code -c}: the part file's data is forced to disk first, so that the
     * state never claims more than the part file holds, then the state is written atomically. Nothing
     * is written once the state is {@linkplain #closeState closed}.
     */
    public void saveState(ResumeState state) throws IOException {
        synchronized (stateLock) {
            if (stateClosed) {
                return;
            }
            part.force();
            var path = ResumeState.pathFor(target);
            if (!stateOnDisk && !ResumeState.replaceable(path)) { // looked at once: after it, the state is ours
                throw new FileAlreadyExistsException(path.toString(), null, "not a resume state; left as it is");
            }
            stateOnDisk = true; // before the write: a failed one may still leave a file behind
            state.write(path);
        }
    }

    /** The ranges are over: from now on the file is committed, cleaned up or fetched again as one stream. */
    public void closeState() {
        synchronized (stateLock) {
            stateClosed = true;
        }
    }

    /** The part file is written again from its start as one stream, which keeps no state: the state goes. */
    public void startOver() throws IOException {
        dropState();
        part.reset();
    }

    /**
     * After a failure or an interruption: a part file with a resume state beside it stays for
     * {@code -c}; one without can never be continued and goes. Either way this run's reservation of
     * the name goes: a part file kept on disk holds the name for later runs.
     */
    public void abandon() {
        part.release();
        if (!hasStateOnDisk()) {
            part.deleteQuietly();
        }
        letGo();
    }

    /**
     * Like {@link #abandon}, for a file whose bytes are all on disk but whose check was interrupted
     * (Ctrl-C while a big file's checksum was computed): {@code complete}, a state that says so, is
     * recorded first, so that {@code -c} checks it again without fetching anything. Null when the file
     * cannot be resumed: then it goes as {@link #abandon} decides.
     */
    public void abandonComplete(ResumeState complete) {
        if (complete != null) {
            boolean interrupted = Thread.interrupted(); // a pending interrupt would close the channel force() opens
            try {
                synchronized (stateLock) {
                    part.force();
                    var path = ResumeState.pathFor(target);
                    if (stateOnDisk || ResumeState.replaceable(path)) {
                        stateOnDisk = true; // before the write: a failed one may still leave a file behind
                        complete.write(path);
                    }
                }
            } catch (IOException e) {
                // the last state recorded, if any, stays: -c then fetches what it does not list
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        abandon();
    }

    /** A complete file that is wrong (size or checksum): it cannot be resumed into a right one, so nothing of it stays. */
    public void discard() {
        part.deleteQuietly();
        dropState();
        letGo();
    }

    /**
     * The lock first, then the name: once the name is free, another download of this run may take it,
     * and it must find the part file free too, not locked by a download that is over.
     */
    private void letGo() {
        lock.close();
        names.release(target);
    }

    /**
     * Gives the part file its final name, with {@code record} on it for a later {@code -c}. Without
     * {@code replace} (and without the run's overwrite) an existing file is never replaced: when the
     * reserved name is taken after all (someone else created it meanwhile, or a link is there, which the
     * reservation does not see), the file takes the next free form of the name it asked for; so it does
     * when a directory has the name, which nothing replaces. Returns the name it got.
     */
    public Path commit(CommitRecord record, boolean replace) throws IOException {
        record.writeTo(part.path());
        var committed = target;
        // Names the rename found taken stay claimed until the file has one: each reservation passes them over.
        var taken = new ArrayList<Path>();
        try {
            while (true) {
                boolean replacing = committed == target && (replace || names.overwrite());
                try {
                    part.commit(committed, replacing);
                    break;
                } catch (FileAlreadyExistsException e) {
                    taken.add(committed);
                    committed = names.reserve(target.getParent(), name);
                } catch (IOException e) {
                    // Only a file is replaced: a directory under the name is passed over as a taken name.
                    if (!replacing || !Files.isDirectory(committed, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        throw e;
                    }
                    taken.add(committed);
                    committed = names.reserve(target.getParent(), name);
                }
            }
        } catch (IOException | RuntimeException e) {
            lock.close(); // the part file stays, with its state, for a later -c
            if (committed != target) {
                names.release(committed);
            }
            taken.forEach(names::release); // on disk now, someone else's
            throw e;
        }
        synchronized (stateLock) {
            if (stateOnDisk) {
                ResumeState.delete(target);
            }
        }
        lock.close(); // the part file and its state are gone: nothing of this name is left to guard
        taken.forEach(names::release);
        names.committed(committed);
        return committed;
    }

    private boolean hasStateOnDisk() {
        synchronized (stateLock) {
            return stateOnDisk && Files.exists(ResumeState.pathFor(target));
        }
    }

    private void dropState() {
        synchronized (stateLock) {
            if (stateOnDisk) { // else what has the name is no state of this download's
                ResumeState.delete(target);
            }
            stateOnDisk = false;
        }
    }
}
