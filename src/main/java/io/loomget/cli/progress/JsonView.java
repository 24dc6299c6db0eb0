package io.loomget.cli.progress;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import io.loomget.DownloadEvent;
import io.loomget.DownloadRequest;
import io.loomget.FailureReason;
import io.loomget.FileResult;
import io.loomget.Inspection;
import io.loomget.Links;
import io.loomget.cli.report.Summary;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * {@code --json}: one JSON object per line on stdout (JSON Lines) for every file event, then a
 * summary object. Written with Jackson's generator, so every string is escaped correctly. With
 * {@code -q}, as in the other views, only failures and the summary.
 */
public final class JsonView implements ProgressView {

    /** Buffers recycled across threads: the default pool keeps them per thread, and a virtual thread that lives
     *  for one file (or call) would allocate ~12 KiB afresh for every generator. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();

    private final Writer out;
    private final boolean quiet;

    public JsonView(Writer out) {
        this(out, false);
    }

    /** @param quiet only {@code failed} objects and the summary ({@code -q}) */
    public JsonView(Writer out, boolean quiet) {
        this.out = out;
        this.quiet = quiet;
    }

    @FunctionalInterface
    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    @Override
    public void on(DownloadEvent event) {
        if (quiet && !LogView.isError(event)) {
            return;
        }
        switch (event) {
            case DownloadEvent.FileStarted(var file) -> emit("started", g -> {
                g.writeStringField("url", file.request().displayUri());
                g.writeStringField("path", file.target().toString());
                g.writeNumberField("size", file.size());
            });
            case DownloadEvent.RangeRetried(var file, var offset, var attempt, var reason, var delay) -> emit("retried", g -> {
                g.writeStringField("url", file.request().displayUri());
                g.writeNumberField("offset", offset);
                g.writeNumberField("attempt", attempt);
                g.writeStringField("error", reason);
                g.writeNumberField("delay_ms", delay.toMillis());
            });
            case DownloadEvent.ProbeRetried(var request, var attempt, var reason, var delay) -> emit("retried", g -> {
                g.writeStringField("url", request.displayUri());
                g.writeNumberField("attempt", attempt);
                g.writeStringField("error", reason);
                g.writeNumberField("delay_ms", delay.toMillis());
            });
            case DownloadEvent.HostPaused(var host, var wait, var reason) -> emit("host_paused", g -> {
                g.writeStringField("host", host);
                g.writeStringField("reason", reason);
                g.writeNumberField("delay_ms", wait.toMillis());
            });
            case DownloadEvent.SingleStreamFallback(var file, var reason) -> emit("fallback", g -> {
                g.writeStringField("url", file.request().displayUri());
                g.writeStringField("reason", reason);
            });
            case DownloadEvent.Notice(var request, var message) -> emit("note", g -> {
                g.writeStringField("url", request.displayUri());
                g.writeStringField("message", message);
            });
            case DownloadEvent.Rejected(var source, var url, var reason) -> emit("failed", g -> {
                g.writeStringField("url", url);
                g.writeStringField("source", source);
                g.writeStringField("error", reason);
            });
            case DownloadEvent.FileFinished(var result) -> finished(result);
        }
    }

    /** Which input entry a failure is, for a script to find it: {@code links.txt:7} or {@code command line}. */
    private static void source(JsonGenerator g, DownloadRequest request) throws IOException {
        g.writeStringField("source", request.source() == null ? Links.COMMAND_LINE : request.source());
    }

    private void finished(FileResult result) {
        switch (result) {
            case FileResult.Downloaded d -> emit("finished", g -> {
                g.writeStringField("url", d.request().displayUri());
                g.writeStringField("path", d.path().toString());
                g.writeNumberField("bytes", d.bytes());
                g.writeNumberField("duration_ms", d.elapsed().toMillis());
                g.writeNumberField("connections", d.connections());
                g.writeNumberField("fetched", d.fetched());
                g.writeNumberField("reused", d.reused());
            });
            case FileResult.AlreadyComplete c -> emit("skipped", g -> {
                g.writeStringField("url", c.request().displayUri());
                g.writeStringField("path", c.path().toString());
                g.writeNumberField("bytes", c.bytes());
                g.writeStringField("reason", c.upToDate() ? "up to date" : "already complete");
            });
            case FileResult.NotFound n -> emit("failed", g -> {
                g.writeStringField("url", n.request().displayUri());
                source(g, n.request());
                g.writeNumberField("status", n.status());
                g.writeStringField("error", "not found");
                g.writeStringField("reason", "not-found");
                g.writeNumberField("duration_ms", n.elapsed().toMillis());
            });
            case FileResult.Failed f -> emit("failed", g -> {
                g.writeStringField("url", f.request().displayUri());
                source(g, f.request());
                g.writeStringField("error", f.reason());
                g.writeStringField("reason", f.kind().label());
                if (f.kind() instanceof FailureReason.HttpStatus status) {
                    g.writeNumberField("status", status.code());
                }
                g.writeNumberField("fetched", f.fetched());
                g.writeNumberField("duration_ms", f.elapsed().toMillis());
            });
            case FileResult.Cancelled c -> emit("cancelled", g -> {
                g.writeStringField("url", c.request().displayUri());
                g.writeNumberField("fetched", c.fetched());
            });
        }
    }

    /** {@code --dry-run --json}: one object per URL. */
    public void inspected(Inspection report) {
        if (report.error() != null) {
            emit("failed", g -> {
                g.writeStringField("url", report.request().displayUri());
                source(g, report.request());
                g.writeStringField("error", report.error());
            });
            return;
        }
        emit("probed", g -> {
            g.writeStringField("url", report.request().displayUri());
            g.writeStringField("name", report.name());
            g.writeStringField("path", DryRunReport.path(report));
            g.writeNumberField("size", report.size());
            g.writeBooleanField("ranges", report.rangeable());
            g.writeStringField("validator", report.validator());
            g.writeStringField("final_url", report.finalUri());
        });
    }

    /** {@code --dry-run --json}: the closing object, counting probes instead of downloads. */
    public void dryRunEnd(int probed, int failed, java.time.Duration elapsed) {
        emit("summary", g -> {
            g.writeBooleanField("dry_run", true);
            g.writeNumberField("probed", probed);
            g.writeNumberField("failed", failed);
            g.writeNumberField("elapsed_ms", elapsed.toMillis());
        });
    }

    @Override
    public void end(Summary summary) {
        emit("summary", g -> {
            g.writeNumberField("downloaded", summary.downloaded());
            g.writeNumberField("already_complete", summary.alreadyComplete());
            g.writeNumberField("up_to_date", summary.upToDate());
            g.writeNumberField("not_found", summary.notFound());
            g.writeNumberField("failed", summary.failed());
            g.writeNumberField("interrupted", summary.cancelled());
            g.writeNumberField("bytes", summary.bytes());
            g.writeNumberField("reused", summary.reused());
            g.writeNumberField("elapsed_ms", summary.elapsed().toMillis());
        });
    }

    private void emit(String type, Fields fields) {
        var line = new StringWriter();
        try (var g = JSON.createGenerator(line)) {
            g.writeStartObject();
            g.writeStringField("event", type);
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (this) {
            try {
                out.write(line + "\n");
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
