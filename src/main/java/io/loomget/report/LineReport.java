package io.loomget.report;

import io.loomget.engine.FileResult;
import io.loomget.events.DownloadEvent;
import io.loomget.events.DownloadListener;
import java.io.PrintWriter;

/**
 * One line per finished file on {@code out}; one line per error on {@code err}, naming the URL and
 * the cause. Quiet mode keeps the errors only.
 */
public final class LineReport implements DownloadListener {

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean quiet;

    public LineReport(PrintWriter out, PrintWriter err, boolean quiet) {
        this.out = out;
        this.err = err;
        this.quiet = quiet;
    }

    @Override
    public void on(DownloadEvent event) {
        if (event instanceof DownloadEvent.FileFinished(var result)) {
            switch (result) {
                case FileResult.Downloaded d -> {
                    if (!quiet) {
                        out.println(line(d));
                    }
                }
                case FileResult.NotFound n -> err.println("loomget: not found (HTTP " + n.status() + "): "
                        + n.request().displayUri());
                case FileResult.Failed f -> err.println("loomget: failed: " + f.request().displayUri() + ": " + f.reason());
                case FileResult.Cancelled c -> { }
            }
        } else if (event instanceof DownloadEvent.Notice(var request, var message)) {
            if (!quiet) {
                err.println("loomget: note: " + request.displayUri() + ": " + message);
            }
        } else if (event instanceof DownloadEvent.Rejected(var request, var reason)) {
            err.println("loomget: failed: " + request.displayUri() + ": " + reason);
        }
    }

    static String line(FileResult.Downloaded d) {
        return "done  " + d.path().getFileName() + "  " + Units.bytes(d.bytes()) + "  "
                + Units.seconds(d.elapsed()) + "  " + Units.rate(d.bytes(), d.elapsed())
                + (d.connections() > 1 ? "  (" + d.connections() + " connections)" : "");
    }
}
