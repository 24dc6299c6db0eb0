package io.loomget.internal.engine;

import io.loomget.DownloadEvent;
import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.internal.io.CommitRecord;
import io.loomget.internal.io.PartFile;
import io.loomget.internal.io.ResumeState;
import io.loomget.internal.io.Storage;
import io.loomget.internal.io.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** Whether a part file left by an earlier run may be continued ({@code -c}), and what to tell the user. */
final class Resumption {

    private final DownloadRequest request;
    private final boolean resume;
    private final DownloadListener listener;
    private final Storage storage;
    /** When the batch started: a part file changed since is no earlier run's leftover. */
    private final Instant started;

    Resumption(DownloadRequest request, boolean resume, DownloadListener listener, Storage storage, Instant started) {
        this.request = request;
        this.resume = resume;
        this.listener = listener;
        this.storage = storage;
        this.started = started;
    }

    /** An earlier run's part file that can be continued, and its state. */
    record Resumed(ResumeState state, PartFile part) {}

    /**
     * What an earlier run left beside a target: a part file to continue ({@code resumed}, else null), and
     * whether a part file was there at all (then a resume state may be there too). A part file that is
     * there and not continued keeps the name from this download ({@link #keepsName()}).
     */
    record Leftover(Resumed resumed, boolean partFound) {
        static final Leftover NONE = new Leftover(null, false);

        boolean keepsName() {
            return partFound && resumed == null;
        }
    }

    /**
     * The part file and state of an earlier run for {@code target}, and whether it can be continued. Without
     * {@code -c} a part file is left alone (the download gets the next free name) and the user is told
     * how to resume it; with {@code -c} a part file of this URL that cannot be continued is removed, and
     * the user is told why; another URL's is left for that URL, and this download takes the next free name,
     * as it does when what has the part file's name is no part file at all ({@link #notAPartFile}).
     */
    Leftover stateFor(Path target, Probe probe) throws IOException {
        var partPath = PartFile.pathFor(target);
        if (!Files.exists(partPath)) {
            return Leftover.NONE;
        }
        var state = ResumeState.read(ResumeState.pathFor(target));
        if (!resume) {
            if (state.isPresent() && state.get().url().equals(request.displayUri())) {
                listener.on(new DownloadEvent.Notice(request, partPath.getFileName()
                        + " holds an unfinished download of this URL; run with -c to continue it. Saving under a new name."));
            }
            return new Leftover(null, true);
        }
        if (state.isEmpty()) {
            var notOurs = notAPartFile(partPath);
            if (notOurs != null) {
                // Removing it to start over would delete a file that is no download's progress.
                listener.on(new DownloadEvent.Notice(request, partPath.getFileName() + " " + notOurs
                        + "; saving under a new name"));
                return new Leftover(null, true);
            }
            if (changedSince(partPath, started)) {
                // Another run's file that comes whole in one answer: it takes no lock and writes no state (see
                // Placement). Removed now, that run would give its final name to the part file created here
                // instead, partial or empty, and both downloads would fail.
                listener.on(new DownloadEvent.Notice(request, partPath.getFileName()
                        + " is being written by another run (changed since this run started); saving under a new name"));
                return new Leftover(null, true);
            }
            listener.on(new DownloadEvent.Notice(request, "cannot resume " + partPath.getFileName()
                    + ": no readable state file beside it; starting over"));
            return startOver(target);
        }
        if (!state.get().url().equals(request.displayUri())) {
            // Another URL's unfinished download (two URLs of a list can share a name): its to continue, not ours
            // to remove. This one takes the next free name.
            listener.on(new DownloadEvent.Notice(request, partPath.getFileName()
                    + " holds another URL's unfinished download; saving under a new name"));
            return new Leftover(null, true);
        }
        var why = probe.rangeable()
                ? state.get().mismatch(request.displayUri(), probe.size(), probe.ifRange())
                : Optional.of("the server does not support ranges now");
        var part = why.isEmpty() ? storage.existing(target, probe.size(), state.get().writtenEnd()) : Optional.<PartFile>empty();
        if (why.isEmpty() && part.isEmpty()) {
            why = Optional.of("the part file has the wrong size");
        }
        if (why.isPresent()) {
            listener.on(new DownloadEvent.Notice(request, "cannot resume " + partPath.getFileName() + ": "
                    + Printable.of(why.get()) + "; starting over")); // it may quote the server's validator
            return startOver(target);
        }
        return new Leftover(new Resumed(state.get(), part.orElseThrow()), true);
    }

    /**
     * Why what has the part file's name is not an unfinished download's part file, or null when it may
     * be one: a file that loomget gave its final name (it carries a {@link CommitRecord}: a server named
     * a file {@code x.bin.part}, say, and a later {@code x.bin} of the list must not delete it), or
     * something other than a regular file.
     */
    private static String notAPartFile(Path partPath) {
        if (!Files.isRegularFile(partPath, LinkOption.NOFOLLOW_LINKS)) {
            return "is not a regular file";
        }
        return CommitRecord.readFrom(partPath).isPresent() ? "is a finished download, not a part file" : null;
    }

    /**
     * Whether {@code partPath} was written since {@code started}. A file's time comes from the kernel's
     * coarse clock, which is never ahead of the one {@code started} was read from: a file an earlier run
     * left always has an earlier time (a file server whose clock runs ahead aside: then the file is passed
     * over, not lost). It lags it by up to a tick (4 ms at HZ=250): a write that close to the start goes
     * unseen, and the file is taken for a leftover as before.
     */
    private static boolean changedSince(Path partPath, Instant started) {
        try {
            return Files.getLastModifiedTime(partPath, LinkOption.NOFOLLOW_LINKS).toInstant().compareTo(started) >= 0;
        } catch (IOException gone) {
            return false; // removed meanwhile: nothing left to take care of
        }
    }

    /** With {@code -c} a stale part file of the same name is ours to start over in: gone, it keeps no name. */
    private Leftover startOver(Path target) throws IOException {
        Workspace.removeLeftovers(target);
        return Leftover.NONE;
    }
}
