package io.loomget.internal.engine;

import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.internal.io.PartFile;
import io.loomget.internal.io.ResumeState;
import io.loomget.internal.io.Storage;
import io.loomget.internal.io.TargetRegistry;
import io.loomget.internal.io.Workspace;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a download's bytes go: the first of {@code NAME}, {@code NAME.1.EXT}, {@code NAME.2.EXT}, ...
 * that is this download's to write. A name is passed over when another download of the run holds it,
 * a file has it (never replaced, except by {@code --overwrite} or {@code -N}'s newer version), or
 * its part file is not this download's: left by another URL (or, without {@code -c}, by any earlier
 * run). With {@code -c}, the first part file that an earlier run left for this URL is continued,
 * whichever number it has ({@link Resumption}).
 *
 * <p>Each name is claimed in the run's registry before anything on disk is looked at: the part file
 * found there is then never another download's of this run.
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

    Placement(DownloadRequest request, boolean resume, DownloadListener listener, Storage storage, TargetRegistry targets) {
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
        // An existing file is never replaced.
        if (!replaces && !targets.overwrite() && Files.exists(candidate)) {
            return null;
        }
        try {
            // Created exclusively, which also tells whether an earlier run left a part file under this name.
            return new Fresh(create(probe, candidate, name));
        } catch (FileAlreadyExistsException leftoverFound) {
            // decided below
        }
        var leftover = new Resumption(request, resume, listener, storage).stateFor(candidate, probe);
        var resumed = leftover.resumed();
        if (resumed != null) {
            return new Continued(Workspace.resumed(targets, candidate, name, resumed.part()), resumed.state());
        }
        if (leftover.keepsName()) {
            return null;
        }
        try {
            return new Fresh(create(probe, candidate, name)); // with -c, one that could not be continued is gone
        } catch (FileAlreadyExistsException again) {
            return null; // put back meanwhile: not ours either
        }
    }

    private Workspace create(Probe probe, Path target, String name) throws IOException {
        try {
            // A file the probe brings whole is written in one go: no need to preallocate it.
            return Workspace.create(targets, storage, target, name, probe.head() >= probe.size() ? -1 : probe.size());
        } catch (FileAlreadyExistsException | ClosedByInterruptException e) {
            throw e; // an interrupt during the create (preallocation) is a cancellation, not a write failure
        } catch (IOException e) {
            throw new LocalWriteException("cannot create " + PartFile.pathFor(target), e);
        }
    }
}
