package io.loomget.progress;

import io.loomget.engine.FileResult;
import io.loomget.events.DownloadEvent;
import io.loomget.events.FileProgress;
import io.loomget.report.Summary;
import io.loomget.report.Units;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * For pipes and CI logs: plain lines, no control characters. One line per file event (started,
 * retried, finished) on {@code out}, errors and notes on {@code err}, a totals line every
 * {@code period}, and the summary at the end. Quiet mode keeps errors and the summary.
 */
public final class LogView implements ProgressView {

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean quiet;
    private final Duration period;
    private final Totals totals = new Totals();
    private ScheduledExecutorService ticker;

    public LogView(PrintWriter out, PrintWriter err, boolean quiet, Duration period) {
        this.out = out;
        this.err = err;
        this.quiet = quiet;
        this.period = period;
    }

    @Override
    public void begin(int files) {
        totals.begin(files);
        if (!quiet && !period.isZero()) {
            ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("loomget-log").factory());
            ticker.scheduleAtFixedRate(this::printTotals, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void on(DownloadEvent event) {
        totals.on(event);
        if (quiet && !isError(event)) {
            return; // nothing to format
        }
        switch (event) {
            case DownloadEvent.FileStarted(var file) -> info("start  " + name(file) + "  "
                    + (file.size() >= 0 ? Units.bytes(file.size()) : "size unknown") + "  " + file.request().displayUri());
            case DownloadEvent.RangeRetried(var file, var offset, var attempt, var reason, var delay) ->
                    info("retry  " + name(file) + "  at byte " + offset + ", attempt " + attempt + ": " + reason
                            + "; next try in " + Units.seconds(delay));
            case DownloadEvent.ProbeRetried(var request, var attempt, var reason, var delay) ->
                    info("retry  " + request.displayUri() + "  first request, attempt " + attempt + ": " + reason
                            + "; next try in " + Units.seconds(delay));
            case DownloadEvent.SingleStreamFallback(var file, var reason) ->
                    info("note   " + name(file) + "  " + reason + "; fetching it again as one stream");
            case DownloadEvent.Notice(var request, var message) -> {
                if (!quiet) {
                    err.println("loomget: note: " + request.displayUri() + ": " + message);
                }
            }
            case DownloadEvent.Rejected(var request, var reason) ->
                    err.println("loomget: failed: " + request.displayUri() + ": " + reason);
            case DownloadEvent.FileFinished(var result) -> finished(result);
        }
    }

    private static boolean isError(DownloadEvent event) {
        return event instanceof DownloadEvent.Rejected
                || event instanceof DownloadEvent.FileFinished(var result)
                && (result instanceof FileResult.Failed || result instanceof FileResult.NotFound);
    }

    private void finished(FileResult result) {
        switch (result) {
            case FileResult.Downloaded d -> info("done   " + describe(d));
            case FileResult.NotFound n -> err.println("loomget: not found (HTTP " + n.status() + "): " + n.request().displayUri());
            case FileResult.Failed f -> err.println("loomget: failed: " + f.request().displayUri() + ": " + f.reason());
            case FileResult.Cancelled c -> { }
        }
    }

    /** {@code NAME  SIZE  TIME  SPEED  (N connections)}: a finished file, in every text view. */
    static String describe(FileResult.Downloaded d) {
        return d.path().getFileName() + "  " + Units.bytes(d.bytes()) + "  "
                + Units.seconds(d.elapsed()) + "  " + Units.rate(d.bytes(), d.elapsed())
                + (d.connections() > 1 ? "  (" + d.connections() + " connections)" : "");
    }

    private void printTotals() {
        info("total  " + totals.done() + " done, " + totals.failed() + " failed, " + totals.activeCount()
                + " active, " + totals.queued() + " queued  " + Units.bytes(totals.bytes()) + "  "
                + Units.rate(totals.bytes(), Duration.ofNanos(totals.elapsedNanos())));
    }

    private void info(String line) {
        if (!quiet) {
            out.println(line);
        }
    }

    private static String name(FileProgress file) {
        return file.target().getFileName().toString();
    }

    @Override
    public void end(Summary summary) {
        close();
        (summary.allOk() ? out : err).println(summary.render());
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }
}
