package io.loomget.cli.report;

import io.loomget.FileResult;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The outcomes of a run as counters, fed from the download threads as files end: what the
 * {@link Summary} needs, without keeping a single result, however long the list.
 */
public final class Tally implements Consumer<FileResult> {

    private final AtomicLong downloaded = new AtomicLong();
    private final AtomicLong alreadyComplete = new AtomicLong();
    private final AtomicLong upToDate = new AtomicLong();
    private final AtomicLong notFound = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();

    @Override
    public void accept(FileResult result) {
        switch (result) {
            case FileResult.Downloaded d -> {
                downloaded.incrementAndGet();
                bytes.addAndGet(d.fetched());
                reused.addAndGet(d.reused());
            }
            case FileResult.AlreadyComplete c -> (c.upToDate() ? upToDate : alreadyComplete).incrementAndGet();
            case FileResult.NotFound n -> notFound.incrementAndGet();
            case FileResult.Failed f -> {
                failed.incrementAndGet();
                bytes.addAndGet(f.fetched());
            }
            case FileResult.Cancelled c -> {
                cancelled.incrementAndGet();
                bytes.addAndGet(c.fetched());
            }
        }
    }

    /** An input entry that could not become a download: a failure, as the summary counts it. */
    public void rejected() {
        failed.incrementAndGet();
    }

    /** Requests an interrupted run never started: interrupted, like the files it cut short. */
    public void notStarted(long requests) {
        cancelled.addAndGet(requests);
    }

    public Summary summary(Duration elapsed) {
        return new Summary(downloaded.get(), alreadyComplete.get(), upToDate.get(), notFound.get(), failed.get(), cancelled.get(),
                bytes.get(), reused.get(), elapsed);
    }
}
