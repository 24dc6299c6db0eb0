package io.loomget.cli.progress;

import io.loomget.DownloadListener;
import io.loomget.cli.report.Summary;

/** Shows a run to the user while it happens and how it ended: on a terminal, in a log, or as JSON. */
public interface ProgressView extends DownloadListener, AutoCloseable {

    /** The run begins with {@code files} downloads queued. */
    default void begin(int files) {}

    /**
     * Prints something from outside the downloads (a hook's output or failure, on stderr) so that it
     * does not break the view: the live view takes its area away first and draws it again below.
     */
    default void interject(Runnable print) {
        print.run();
    }

    /** The run is over: show the closing report. */
    void end(Summary summary);

    /** Stops any drawing thread; the screen is left clean. */
    @Override
    default void close() {}
}
