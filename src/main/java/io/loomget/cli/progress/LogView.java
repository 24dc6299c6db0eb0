package io.loomget.cli.progress;

import io.loomget.DownloadEvent;
import io.loomget.FileProgress;
import io.loomget.FileResult;
import io.loomget.cli.report.Summary;
import io.loomget.cli.report.Units;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * For pipes and CI logs: plain lines, no control characters. One line per file event (started,
 * retried, finished) on {@code out}, errors and notes on {@code err}, a totals line every
 * {@code period}, and the summary at the end, on {@code out} whatever the outcome. Quiet mode keeps errors and the summary.
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
            // Fixed delay: after a suspension a fixed rate would print every missed totals line at once.
            ticker.scheduleWithFixedDelay(this::printTotals, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
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
            case DownloadEvent.HostPaused(var host, var wait, var reason) ->
                    info("pause  " + host + "  " + reason + "; no new connection to it for " + Units.seconds(wait));
            case DownloadEvent.Notice(var request, var message) -> {
                if (!quiet) {
                    err.println("loomget: note: " + request.displayUri() + ": " + message);
                }
            }
            case DownloadEvent.Rejected(var source, var url, var reason) ->
                    err.println("loomget: failed: " + source + ": " + reason);
            case DownloadEvent.FileFinished(var result) -> finished(result);
        }
    }

    /** What {@code -q} still shows: a failure. */
    static boolean isError(DownloadEvent event) {
        return event instanceof DownloadEvent.Rejected
                || event instanceof DownloadEvent.FileFinished(var result)
                && (result instanceof FileResult.Failed || result instanceof FileResult.NotFound);
    }

    private void finished(FileResult result) {
        switch (result) {
            case FileResult.Downloaded d -> info("done   " + describe(d));
            case FileResult.AlreadyComplete c -> info("skip   " + describe(c));
            case FileResult.NotFound n -> err.println("loomget: not found (HTTP " + n.status() + "): " + n.request().displayUri());
            case FileResult.Failed f -> err.println("loomget: failed: " + f.request().displayUri() + ": " + f.reason());
            case FileResult.Cancelled c -> { }
        }
    }

    /**
     * {@code NAME  SIZE  TIME  SPEED  (N connections, M already on disk)}: a finished file, in every
     * text view. The speed is that of the bytes fetched in this run, not of those a resume reused.
     */
    static String describe(FileResult.Downloaded d) {
        var notes = new java.util.ArrayList<String>();
        if (d.connections() > 1) {
            notes.add(d.connections() + " connections");
        }
        if (d.reused() > 0) {
            notes.add(Units.bytes(d.reused()) + " already on disk");
        }
        return d.path().getFileName() + "  " + Units.bytes(d.bytes()) + "  "
                + Units.seconds(d.elapsed()) + "  " + Units.rate(d.fetched(), d.elapsed())
                + (notes.isEmpty() ? "" : "  (" + String.join(", ", notes) + ")");
    }

    /** {@code NAME  SIZE  already complete}: a file {@code -c} left alone, in every text view. */
    static String describe(FileResult.AlreadyComplete c) {
        return c.path().getFileName() + "  " + Units.bytes(c.bytes()) + (c.upToDate() ? "  up to date" : "  already complete");
    }

    void printTotals() {
        info("total  " + totals.counts() + "  " + Units.bytes(totals.bytes()) + "  "
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
        // Always stdout, whatever the outcome: the summary is the run's result, and a script reads one stream.
        out.println(summary.render());
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }
}
