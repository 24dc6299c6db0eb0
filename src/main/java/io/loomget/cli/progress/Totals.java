package io.loomget.cli.progress;

import io.loomget.DownloadEvent;
import io.loomget.FileProgress;
import io.loomget.FileResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What a view needs to know of the run as a whole: files in flight, finished, failed, queued; bytes. */
final class Totals {

    private final List<FileProgress> active = new ArrayList<>();
    /** Files whose probe failed and is being retried: active, though no byte flows yet (guarded by active). */
    private final java.util.Set<io.loomget.DownloadRequest> probing =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger notFound = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    /** Inputs that never became downloads: failures for the user, but never queued. */
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicLong finishedBytes = new AtomicLong();
    private volatile int files;
    private final long startNanos = System.nanoTime();

    void begin(int files) {
        this.files = files;
    }

    /** Keeps the counts in step with the engine's events. */
    void on(DownloadEvent event) {
        switch (event) {
            case DownloadEvent.ProbeRetried(var request, var attempt, var reason, var delay) -> {
                synchronized (active) {
                    probing.add(request);
                }
            }
            case DownloadEvent.FileStarted(var file) -> {
                synchronized (active) {
                    probing.remove(file.request());
                    active.add(file);
                }
            }
            case DownloadEvent.FileFinished(var result) -> {
                synchronized (active) {
                    probing.remove(result.request());
                    active.removeIf(f -> f.request() == result.request());
                }
                if (result instanceof FileResult.Downloaded d) {
                    done.incrementAndGet();
                    finishedBytes.addAndGet(d.fetched());
                } else if (result instanceof FileResult.AlreadyComplete) {
                    done.incrementAndGet();
                } else if (result instanceof FileResult.NotFound) {
                    notFound.incrementAndGet();
                } else if (result instanceof FileResult.Failed f) {
                    failed.incrementAndGet();
                    finishedBytes.addAndGet(f.fetched()); // they came, even if the file did not make it
                } else if (result instanceof FileResult.Cancelled c) {
                    finishedBytes.addAndGet(c.fetched());
                }
            }
            case DownloadEvent.Rejected r -> rejected.incrementAndGet();
            default -> { }
        }
    }

    List<FileProgress> active() {
        synchronized (active) {
            return List.copyOf(active);
        }
    }

    int done() { return done.get(); }

    int notFound() { return notFound.get(); }

    /** Failed files and rejected inputs, as the summary counts them (not-found files apart). */
    int failed() { return failed.get() + rejected.get(); }

    /** Files in flight: those whose bytes flow and those whose first request is being retried. */
    int activeCount() {
        synchronized (active) {
            return active.size() + probing.size();
        }
    }

    int queued() {
        return Math.max(0, files - done.get() - notFound.get() - failed.get() - activeCount());
    }

    /** {@code 2 done, 1 not found, 0 failed, 3 active, 4 queued}: the counts of a totals line, in the summary's words. */
    String counts() {
        return done() + " done, " + notFound() + " not found, " + failed() + " failed, " + activeCount()
                + " active, " + queued() + " queued";
    }

    /** {@link #counts()} for a narrow terminal: only the counts that are not 0 ({@code 0 done} when all are). */
    String compactCounts() {
        var parts = new java.util.ArrayList<String>();
        String[] names = {"done", "not found", "failed", "active", "queued"};
        int[] values = {done(), notFound(), failed(), activeCount(), queued()};
        for (int i = 0; i < names.length; i++) {
            if (values[i] != 0) {
                parts.add(values[i] + " " + names[i]);
            }
        }
        return parts.isEmpty() ? "0 done" : String.join(", ", parts);
    }

    int files() { return files; }

    /** Bytes fetched in this run, by finished files and files in flight (bytes reused from part files are not). */
    long bytes() {
        return finishedBytes.get() + active().stream().mapToLong(FileProgress::fetched).sum();
    }

    /** Known remaining bytes of the files in flight (queued files' sizes are not known yet). */
    long remainingBytes() {
        return active().stream().filter(f -> f.size() >= 0).mapToLong(f -> Math.max(0, f.size() - f.bytes())).sum();
    }

    long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }
}
