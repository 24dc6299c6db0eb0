package io.loomget;

import io.loomget.internal.engine.BatchRun;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * All files of one run: an outer scope with one subtask per file, at most {@code -j} of them at once.
 * A file's failure is its own: the others go on.
 */
public final class Batch {

    private final BatchRun run;

    public Batch(Settings settings, DownloadListener listener) {
        this.run = new BatchRun(settings, listener);
    }

    public List<FileResult> run(List<DownloadRequest> requests) {
        return run.run(requests);
    }

    public long run(Iterator<DownloadRequest> requests, Consumer<? super FileResult> results) {
        return run.run(requests, results);
    }
}
