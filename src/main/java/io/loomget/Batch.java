package io.loomget;

import io.loomget.internal.engine.BatchRun;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Downloads a batch of files: at most {@link Settings#filesAtOnce()} at once, each split into byte
 * ranges fetched on their own connections (one thread per range, virtual by default), each written
 * to {@code NAME.part} and renamed into place only when complete and verified. A file's failure is
 * its own: the others go on. Outcomes are values ({@link FileResult}); events go to the listener.
 *
 * <pre>{@code
 * var batch = new Batch(Settings.builder().outputDir(Path.of("out")).build(), DownloadListener.NONE);
 * List<FileResult> results = batch.run(List.of(DownloadRequest.of(URI.create("https://example.org/a.iso"))));
 * }</pre>
 *
 * A batch holds no resources between runs: each {@code run} opens its HTTP client and closes it
 * before returning. Interrupting the calling thread cancels the files in flight; their part files
 * and resume state stay for {@link Settings#resume()} (a part file with nothing to resume, because no
 * bytes had arrived yet or the server serves no ranges, is deleted). The call returns once every
 * file's thread has ended, with the thread's interrupt status still set; it does not throw
 * {@link InterruptedException}.
 */
public final class Batch {

    private final BatchRun run;

    /**
     * @param listener told of every {@link DownloadEvent}, from download threads (it must be thread-safe);
     *                 {@link DownloadListener#NONE} for none
     */
    public Batch(Settings settings, DownloadListener listener) {
        this.run = new BatchRun(java.util.Objects.requireNonNull(settings, "settings"),
                java.util.Objects.requireNonNull(listener, "listener (DownloadListener.NONE for none)"));
    }

    /**
     * The connections one run of {@code settings} may have open at once, to all hosts together: as many
     * as this JVM's heap has room for, which bounds the memory a run needs whatever the network or the
     * disk does. Files beyond it, up to {@link Settings#filesAtOnce()}, wait for a connection. The bound
     * is per run: runs at the same time in one JVM (several {@code Batch} runs, a {@link DownloadQueue}
     * beside them) each take up to this many, so their sum must fit the heap (a larger heap, or a lower
     * {@link Settings#filesAtOnce()} for each). Like a run, this settles the JDK client's process-wide
     * read buffer and pool size unless they are set (see the package documentation).
     */
    public static int connectionsAtOnce(Settings settings) {
        return BatchRun.connectionsAtOnce(settings);
    }

    /**
     * Downloads every request and returns their outcomes in input order. When the calling thread is
     * interrupted, the files in flight are cancelled and the rest are reported as
     * {@link FileResult.Cancelled}.
     *
     * @throws NullPointerException     when {@code requests} is or holds null (before anything is fetched)
     * @throws CookiesNotSavedException when, after the downloads, {@link Settings#saveCookies()} cannot be written
     */
    public List<FileResult> run(List<DownloadRequest> requests) {
        java.util.Objects.requireNonNull(requests, "requests");
        requests.forEach(request -> java.util.Objects.requireNonNull(request, "a request in the list"));
        return run.run(requests);
    }

    /**
     * The streaming form, for lists too long to hold (10⁶ URLs and more): takes a request from
     * {@code requests} only when one of the {@link Settings#filesAtOnce()} slots is free, and hands
     * each outcome to {@code results} as soon as its file ends — from that file's thread, so
     * {@code results} must be thread-safe. Memory stays bounded by the slots, whatever the length of
     * the input. When the calling thread is interrupted, the files in flight end as
     * {@link FileResult.Cancelled} (and are handed over) and no further request is taken (so a
     * thread interrupted before the call takes none, and nothing is handed over). An exception that
     * {@code results} throws stops no file: every result is still offered, and the first such
     * exception is thrown once all have ended. An exception from {@code requests} itself is thrown at
     * once: the files in flight end as {@link FileResult.Cancelled} (and are handed over) first.
     *
     * @return how many requests were taken from {@code requests}
     * @throws NullPointerException     when {@code requests} or {@code results} is null (before anything is
     *                                  fetched), or when {@code requests} yields null (after the other
     *                                  requests have run: a null stops none of them)
     * @throws CookiesNotSavedException when, after the downloads, {@link Settings#saveCookies()} cannot be written
     */
    public long run(Iterator<DownloadRequest> requests, Consumer<? super FileResult> results) {
        // Checked here: a null consumer would otherwise surface only after the first file was fetched.
        java.util.Objects.requireNonNull(requests, "requests");
        java.util.Objects.requireNonNull(results, "results");
        return run.run(requests, results);
    }

    /**
     * Probes every request as a download would begin it, and downloads nothing ({@code --dry-run}): at
     * most {@link Settings#filesAtOnce()} at once, one request each (no retries), the bodies dropped
     * unread. The reports come back in input order; a failed probe is a report with its {@code error}.
     *
     * @throws NullPointerException when {@code requests} is or holds null
     */
    public List<Inspection> inspect(List<DownloadRequest> requests) {
        java.util.Objects.requireNonNull(requests, "requests");
        requests.forEach(request -> java.util.Objects.requireNonNull(request, "a request in the list"));
        return run.inspect(requests);
    }

    /**
     * Records now, for {@link Settings#resume()}, the bytes every file in flight has on disk, while
     * the ranges go on. Callable from any thread: a signal handler calls it before it cancels the run,
     * so that a second, immediate exit still leaves every part file resumable.
     */
    public void saveResumeStates() {
        run.saveResumeStates();
    }
}
