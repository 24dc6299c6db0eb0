package io.loomget.internal.engine;

import io.loomget.Checksum;
import io.loomget.DownloadEvent;
import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.FailureReason;
import io.loomget.FileResult;
import io.loomget.Settings;
import io.loomget.internal.http.HttpStatusException;
import io.loomget.internal.http.Transport;
import io.loomget.internal.io.CommitRecord;
import io.loomget.internal.io.FileNames;
import io.loomget.internal.io.PartFile;
import io.loomget.internal.io.ResumeState;
import io.loomget.internal.io.StreamDigest;
import io.loomget.internal.io.TargetRegistry;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * One file, start to end (aria2's request group): probe → plan → one scope with a thread per range
 * → verify → commit. Returns its outcome as a value; nothing but the result leaves this class.
 */
final class FileDownload {

    /** The request as given: what events, results and the file's records name. */
    private final DownloadRequest request;
    /** The same as it goes to the servers: each host's login (.netrc, or the download's own) in its URLs. */
    private final DownloadRequest sent;
    private final BatchContext batch;
    private final Settings settings;
    private final Transport transport;
    private final HostLimiter hosts;
    private final TargetRegistry targets;
    private final DownloadListener listener;
    private final long startNanos = System.nanoTime();
    /** The existing file this run replaces with a newer version ({@code --conditional-get}), else null. */
    private Path replacing;
    /** The file's byte count once its ranges start: an interrupted or failed file reports what it fetched. */
    private ProgressCounter progress;

    FileDownload(DownloadRequest request, BatchContext batch) {
        this.request = request;
        this.sent = batch.withLogins(request);
        this.batch = batch;
        this.settings = batch.settings();
        this.transport = batch.transport();
        this.hosts = batch.hosts();
        this.targets = batch.targets();
        this.listener = batch.listener();
    }

    FileResult run() {
        FileResult result;
        try {
            result = download();
        } catch (InterruptedException | ClosedByInterruptException e) {
            Thread.currentThread().interrupt();
            result = new FileResult.Cancelled(request, elapsed(), fetched());
        } catch (HttpStatusException e) {
            result = e.isNotFound()
                    ? new FileResult.NotFound(request, e.status(), elapsed())
                    : new FileResult.Failed(request, Failures.describe(e), elapsed(), Failures.reason(e), fetched());
        } catch (IOException | RuntimeException e) {
            result = new FileResult.Failed(request, Failures.describe(e), elapsed(), Failures.reason(e), fetched());
        }
        listener.on(new DownloadEvent.FileFinished(result));
        return result;
    }

    private FileResult download() throws IOException, InterruptedException {
        try (var first = new FirstExchange(hosts.acquire(request.uri()))) {
            var complete = settings.resume() ? alreadyComplete(first.permit()) : null;
            if (complete != null) {
                return complete;
            }
            var conditional = settings.conditionalGet() ? ConditionalGet.of(request, directory()) : null;
            Probe probe;
            try {
                probe = prober().firstAnswer(request, sent, probeWindow(),
                        conditional == null ? request.headers() : conditional.headers(), first.permit());
            } catch (HttpStatusException e) {
                if (conditional != null && e.status() == 304) {
                    return conditional.upToDate(request, elapsed());
                }
                throw e;
            }
            first.answered(probe.response());
            var named = directory().resolve(chooseName(probe));
            replacing = conditional != null && conditional.replaces(named) ? named : null;
            if (replacing != null && conditional.stillCurrent(probe)) {
                return conditional.upToDate(request, elapsed());
            }
            complete = settings.resume() ? alreadyComplete(probe) : null;
            if (complete != null) {
                return complete;
            }
            // Its length is known now: the answer is read within a window, as every range is.
            long length = probe.head() >= 0 ? Math.min(probe.head(), probeWindow()) : probeWindow();
            probe.response().body().charge(hosts.windows().reserve(length));
            return fetch(probe, prepareStorage(probe), first);
        }
    }

    /** Every missing byte into the part file, then verify and commit. */
    private FileResult fetch(Probe probe, FileStorage storage, FirstExchange first)
            throws IOException, InterruptedException {
        var digest = streamDigest(storage.plan());
        try {
            return fetch(probe, storage, first, digest);
        } finally {
            if (digest != null) {
                digest.close();
            }
        }
    }

    private FileResult fetch(Probe probe, FileStorage storage, FirstExchange first, StreamDigest digest)
            throws IOException, InterruptedException {
        var workspace = storage.workspace();
        var progress = new ProgressCounter(request, workspace.target(), probe.size(), storage.plan().doneBytes());
        this.progress = progress;
        progress.trackRuns(storage.plan()::doneRuns);
        listener.on(new DownloadEvent.FileStarted(progress));
        int connections;
        long expectedSize = probe.rangeable() ? probe.size() : -1;
        var sources = sources(probe); // once: the ranges and any fallback use them
        try {
            try {
                connections = new RangeScope(request, batch, probe, storage, sources, progress, digest).run(first);
            } catch (RangeNotHonouredException e) {
                workspace.startOver();
                listener.on(new DownloadEvent.SingleStreamFallback(progress, Failures.describe(e))); // quotes server headers
                progress.reset();
                // Rare (a server that labels ranges it does not send): the file is read back to be hashed.
                if (digest != null) {
                    digest.close();
                    digest = null;
                }
                connections = fetchAsOneStream(sources.primaryOnly(), workspace.part(), progress);
                expectedSize = -1; // one complete answer, whatever its length now: the file may have changed
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            workspace.abandon();
            throw e;
        }
        java.nio.file.attribute.BasicFileAttributes written; // one look serves the check, the record and the result
        Checksum found;
        try {
            written = Files.readAttributes(workspace.part().path(), java.nio.file.attribute.BasicFileAttributes.class);
            found = verify(workspace.part(), written.size(), expectedSize, digest == null ? null : digest.value(written.size()));
        } catch (ClosedByInterruptException e) {
            // Ctrl-C while the checksum was computed: every byte is on disk and nothing was found wrong, so
            // -c checks it again without fetching a byte.
            workspace.abandonComplete(expectedSize >= 0 && probe.rangeable()
                    ? new ResumeState(request.displayUri(), probe.size(), probe.ifRange(), List.of(new long[] {0, probe.size()}))
                    : null);
            throw e;
        } catch (IOException e) {
            workspace.discard();
            throw e;
        }
        var modified = written.lastModifiedTime();
        if (settings.remoteTime() || settings.conditionalGet()) {
            modified = RemoteTime.apply(workspace.part(), probe, modified); // before the record, which keeps the file's time
        }
        var record = new CommitRecord(request.displayUri(), written.size(),
                expectedSize >= 0 ? probe.ifRange() : null, modified.toMillis());
        // Only the old file's own name is replaced: a file saved under a numbered name never replaces one.
        var target = workspace.commit(record, workspace.target().equals(replacing));
        if (!target.equals(workspace.target())) {
            // A link under the name was most likely there from the start: the reservation does not look at links.
            var taken = Files.isSymbolicLink(workspace.target()) ? " is a link"
                    : Files.isDirectory(workspace.target()) ? " is a directory" : " appeared while downloading";
            listener.on(new DownloadEvent.Notice(request, workspace.target().getFileName() + taken + "; saved as "
                    + target.getFileName()));
        }
        // The final name is a link to the same inode (or the same file renamed): its size is the part file's.
        return new FileResult.Downloaded(request, target, written.size(), elapsed(), connections, progress.reused(), found);
    }

    /**
     * The algorithm hashed as bytes are written: the digest the results carry ({@link Settings#digest()}),
     * else the request's checksum's; null when neither is asked.
     */
    private String streamedAlgorithm() {
        return settings.digest() != null ? settings.digest()
                : request.checksum() != null ? request.checksum().algorithm() : null;
    }

    /**
     * A digest fed as the bytes are written, for a file planned as one range from its first byte with
     * nothing on disk yet (every small file; a larger one fetched as one stream); null otherwise, or when
     * no digest is asked: such a file is read back once it is complete.
     */
    private StreamDigest streamDigest(RangePlan plan) {
        var algorithm = streamedAlgorithm();
        return algorithm != null && plan.plannedCount() == 1 && plan.doneBytes() == 0 ? StreamDigest.start(algorithm) : null;
    }

    /**
     * With {@code -c}, before the probe: when a file already has the name this URL would get, a
     * one-byte request ({@code Range: bytes=0-0}) tells whether it is complete, so a re-run over
     * finished files transfers almost nothing. Null when there is nothing to skip.
     */
    private FileResult alreadyComplete(HostLimiter.Permit permit) throws IOException, InterruptedException {
        if (!Files.isRegularFile(directory().resolve(nameBeforeProbe(request)))) {
            return null;
        }
        var probe = prober().firstAnswer(request, sent, 1, request.headers(), permit);
        try {
            return alreadyComplete(probe);
        } finally {
            probe.response().body().close();
        }
    }

    /**
     * With {@code -c}: the file under the name the probe gives (or the numbered name an earlier run gave
     * it when another URL had the name), when it is already complete; else null. With {@code -N} as
     * well, only a file whose record names the server's current version is complete, and it is then
     * up to date as a 304 would have said: the same outcome, however it was found.
     */
    private FileResult alreadyComplete(Probe probe) throws IOException {
        boolean versioned = settings.conditionalGet();
        var path = CompleteFile.find(directory().resolve(chooseName(probe)), request.displayUri(), probe.size(),
                probe.rangeable() ? probe.ifRange() : null, versioned);
        return path == null ? null : new FileResult.AlreadyComplete(request, path, probe.size(), elapsed(), versioned);
    }

    /**
     * The file's workspace: a new part file under the name the probe gives, else the next free name,
     * or, with {@code -c}, the part file an earlier run left for this URL under that name or a numbered one.
     */
    private FileStorage prepareStorage(Probe probe) throws IOException {
        var placed = new Placement(request, settings.resume(), listener, batch.storage(), targets, batch.started())
                .place(probe, directory(), chooseName(probe), replacing);
        var workspace = placed.workspace();
        if (placed instanceof Placement.Continued(var resumed, var state)) {
            listener.on(new DownloadEvent.Notice(request, "resuming " + resumed.part().path().getFileName()
                    + ": " + state.doneBytes() + " of " + state.size() + " bytes already done"));
            return new FileStorage(resumed, RangePlan.resume(probe.size(), state.done(), rangesFor(),
                    settings.minSplitSize()).lowestSpeed(settings.lowestSpeedLimit()));
        }
        var plan = probe.rangeable()
                ? RangePlan.split(probe.size(), rangesFor(), settings.minSplitSize(), probe.head())
                : RangePlan.whole(probe.size());
        return new FileStorage(workspace, plan.lowestSpeed(settings.lowestSpeedLimit()));
    }

    private Prober prober() {
        return new Prober(transport, settings.retry(), listener);
    }

    private Path directory() throws IOException {
        var dir = request.dir() == null ? settings.outputDir() : settings.outputDir().resolve(request.dir());
        try {
            return batch.directory(settings.outputDir(), request.dir());
        } catch (IOException e) {
            // Said as what failed: the JDK's message is the path alone, or the path and the system's reason.
            throw new LocalWriteException("cannot create directory " + dir.toAbsolutePath().normalize(), e);
        }
    }

    private String chooseName(Probe probe) {
        return chooseName(request, probe);
    }

    /**
     * The name {@code request} would get as far as it is known before any answer: {@code -o}/{@code out=},
     * else the URL's last segment (an answer's Content-Disposition or redirect may still change it).
     */
    static String nameBeforeProbe(DownloadRequest request) {
        return request.outName() != null ? FileNames.chosen(request.outName()) : FileNames.fromUri(request.uri());
    }

    /** {@code -o}/{@code out=}, else Content-Disposition, else the URL's last segment; always sanitized. */
    static String chooseName(DownloadRequest request, Probe probe) {
        if (request.outName() != null) {
            return FileNames.chosen(request.outName());
        }
        if (probe.suggestedName() != null) {
            var named = FileNames.fromServer(probe.suggestedName());
            if (named.isPresent()) {
                return named.get();
            }
        }
        return FileNames.fromUri(probe.finalUri());
    }

    /**
     * Where the ranges go: where the probe ended, and the mirrors, each as sent (with the hosts' logins)
     * and knowing the URL it stands for as given: the download's own, or the mirror that answered the
     * probe when the download's own URL did not.
     */
    private Sources sources(Probe probe) {
        var origin = Sources.withCredentials(probe.asked(), probe.finalUri());
        var mirror = sent.uri().equals(probe.asked()) ? -1 : sent.mirrors().indexOf(probe.asked());
        var askedGiven = mirror < 0 ? request.uri() : request.mirrors().get(mirror);
        return new Sources(probe.asked(), askedGiven, origin, sent.mirrors(), request.mirrors());
    }

    /** The server would not split after all: the whole file in one go, into the part file started over. */
    private int fetchAsOneStream(Sources sources, PartFile part, ProgressCounter progress)
            throws IOException, InterruptedException {
        try (var permit = hosts.acquire(sources.primary())) {
            var fetch = new RangeFetch(new RangeFetch.Target(transport, sources,
                    request.headers(), -1, false, null, null, part, progress, 1, null), batch);
            fetch.fetch(RangePlan.whole(-1).next(), null, permit);
        }
        return 1;
    }

    /**
     * The probe asks for twice the minimum split size: a file that small comes whole in the first
     * answer, and any larger one leaves at least {@code -k} bytes for each further range.
     */
    static long probeWindow(Settings settings) {
        return settings.minSplitSize() > Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 2 : 2 * settings.minSplitSize();
    }

    /** {@link #probeWindow(Settings)}, at most the largest window the run can always serve ({@link HostLimiter#windowShare}). */
    private long probeWindow() {
        return Math.min(probeWindow(settings), hosts.windowShare(1));
    }

    /** How many ranges to plan: the entry's {@code split=}, else {@code -s}, else {@code -x}. */
    private int rangesFor() {
        return request.connections() != null ? request.connections() : settings.effectiveSplits();
    }

    /**
     * Checks the size and any expected checksum; returns the digest the result carries (null unless
     * {@link Settings#digest()}). {@code streamed}: the digest in {@link #streamedAlgorithm()} computed
     * as the bytes were written, or null where the file must be read back.
     */
    private Checksum verify(PartFile part, long size, long expectedSize, byte[] streamed) throws IOException {
        if (expectedSize >= 0 && size != expectedSize) {
            throw new VerificationException(FailureReason.Kind.CHANGED_ON_SERVER,
                    "size mismatch: expected " + expectedSize + " bytes, have " + size);
        }
        var checksum = request.checksum();
        if (checksum != null && !digestOf(part, checksum.algorithm(), streamed).equals(checksum.hex())) {
            throw new VerificationException(FailureReason.Kind.CHECKSUM_MISMATCH,
                    checksum.algorithm() + " checksum mismatch; the download was discarded");
        }
        var algorithm = settings.digest();
        if (algorithm == null) {
            return null;
        }
        return checksum != null && checksum.algorithm().equals(algorithm)
                ? checksum // just found equal to the file's
                : new Checksum(algorithm, digestOf(part, algorithm, streamed));
    }

    /** The part file's hex digest under {@code algorithm}: the streamed one when it is that, else read back. */
    private String digestOf(PartFile part, String algorithm, byte[] streamed) throws IOException {
        return streamed != null && algorithm.equals(streamedAlgorithm())
                ? HexFormat.of().formatHex(streamed)
                : Checksum.hexDigest(algorithm, part.path());
    }

    private long fetched() {
        return progress == null ? 0 : Math.max(0, progress.fetched());
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
