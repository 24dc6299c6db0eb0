package io.loomget.engine;

import io.loomget.events.DownloadEvent;
import io.loomget.events.DownloadListener;
import io.loomget.events.FileProgress;
import io.loomget.http.HttpStatusException;
import io.loomget.http.Transport;
import io.loomget.io.FileNames;
import io.loomget.io.PartFile;
import io.loomget.io.TargetRegistry;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;

/**
 * One file, start to end (aria2's request group): probe → plan → one scope with a thread per range
 * → verify → commit. Returns its outcome as a value; only interruption escapes as an exception.
 */
final class FileDownload {

    private final DownloadRequest request;
    private final Settings settings;
    private final Transport transport;
    private final HostLimiter hosts;
    private final TargetRegistry targets;
    private final ThreadFactory threads;
    private final DownloadListener listener;
    private final long startNanos = System.nanoTime();

    FileDownload(DownloadRequest request, Settings settings, Transport transport, HostLimiter hosts,
                 TargetRegistry targets, ThreadFactory threads, DownloadListener listener) {
        this.request = request;
        this.settings = settings;
        this.transport = transport;
        this.hosts = hosts;
        this.targets = targets;
        this.threads = threads;
        this.listener = listener;
    }

    FileResult run() {
        FileResult result;
        try {
            result = download();
        } catch (InterruptedException | ClosedByInterruptException e) {
            Thread.currentThread().interrupt();
            result = new FileResult.Cancelled(request, elapsed());
        } catch (HttpStatusException e) {
            result = e.isNotFound()
                    ? new FileResult.NotFound(request, e.status(), elapsed())
                    : new FileResult.Failed(request, Failures.describe(e), elapsed());
        } catch (IOException | RuntimeException e) {
            result = new FileResult.Failed(request, Failures.describe(e), elapsed());
        }
        listener.on(new DownloadEvent.FileFinished(result));
        return result;
    }

    private FileResult download() throws IOException, InterruptedException {
        var permit = hosts.acquire(request.uri());
        Probe probe;
        try {
            probe = probeWithRetries();
        } catch (IOException | InterruptedException | RuntimeException e) {
            permit.close();
            throw e;
        }
        Path target;
        PartFile part;
        try {
            target = targets.reserve(directory(), chooseName(probe));
            part = createPart(target, probe.size());
        } catch (IOException | RuntimeException e) {
            probe.response().body().close();
            permit.close();
            throw e;
        }
        var progress = new FileProgress(request, target, probe.size());
        listener.on(new DownloadEvent.FileStarted(progress));
        int connections;
        try {
            connections = fetchAll(probe, part, progress, permit);
        } catch (RangeNotHonouredException e) {
            listener.on(new DownloadEvent.SingleStreamFallback(progress, e.getMessage()));
            connections = fetchAsOneStream(probe, part, progress);
        }
        verify(part, probe);
        commit(part, target);
        return new FileResult.Downloaded(request, target, Files.size(target), elapsed(), connections);
    }

    private Probe probeWithRetries() throws IOException, InterruptedException {
        var prober = new Prober(transport);
        for (int attempt = 0; ; attempt++) {
            try {
                return prober.probe(request.uri(), request.headers());
            } catch (IOException e) {
                if (!Failures.isTransient(e) || attempt >= settings.retry().retries()) {
                    throw e;
                }
                Thread.sleep(settings.retry().delay(attempt + 1, Failures.retryAfter(e)));
            }
        }
    }

    private Path directory() throws IOException {
        var dir = request.dir() == null ? settings.outputDir() : settings.outputDir().resolve(request.dir());
        Files.createDirectories(dir);
        return dir.toAbsolutePath().normalize();
    }

    private String chooseName(Probe probe) {
        if (request.outName() != null) {
            return FileNames.sanitize(request.outName());
        }
        if (probe.suggestedName() != null) {
            return FileNames.sanitize(probe.suggestedName());
        }
        return FileNames.fromUri(probe.finalUri());
    }

    private PartFile createPart(Path target, long size) throws IOException {
        try {
            return PartFile.create(target, size);
        } catch (IOException e) {
            targets.release(target);
            throw new LocalWriteException("cannot create " + PartFile.pathFor(target), e);
        }
    }

    /**
     * The file's scope: the probe's open body fills the first range while the owner forks a thread
     * for each further range, and, when one ends, for a piece stolen from the largest one left.
     * Returns the most connections used at once.
     */
    private int fetchAll(Probe probe, PartFile part, FileProgress progress, HostLimiter.Permit firstPermit)
            throws IOException, InterruptedException {
        var plan = probe.rangeable()
                ? RangePlan.split(probe.size(), rangesFor(), settings.minSplitSize())
                : RangePlan.whole(probe.size());
        var fetch = new RangeFetch(new RangeFetch.Target(transport, probe.finalUri(), request.headers(),
                probe.size(), probe.rangeable(), probe.ifRange(), part, progress), settings, listener);
        BlockingQueue<Segment> ended = new LinkedBlockingQueue<>();
        // Stealing only refills connections that finished: a file planned as one range stays one stream.
        int limit = Math.min(settings.connectionsPerFile(), plan.plannedCount());
        int active = 0;
        int peak = 0;
        try (var scope = Scopes.<Void>allOrNothing("file", threads)) {
            var first = plan.next();
            scope.fork(rangeTask(fetch, first, probe, firstPermit, plan, ended));
            active++;
            while (true) {
                while (active < limit && plan.hasWork()) {
                    var permit = active == 0
                            ? hosts.acquire(probe.finalUri())
                            : hosts.tryAcquire(probe.finalUri()).orElse(null);
                    if (permit == null) {
                        break;
                    }
                    var segment = plan.next();
                    if (segment == null) {
                        permit.close();
                        break;
                    }
                    scope.fork(rangeTask(fetch, segment, null, permit, plan, ended));
                    active++;
                }
                peak = Math.max(peak, active);
                if (active == 0) {
                    break;
                }
                var segment = ended.take();
                active--;
                if (!segment.isComplete()) {
                    break; // that range failed: join reports why, and the scope cancels the others
                }
            }
            scope.join();
        } catch (Scopes.SubtaskFailedException e) {
            throw asIOException(e.getCause());
        }
        return peak;
    }

    private java.util.concurrent.Callable<Void> rangeTask(RangeFetch fetch, Segment segment, Probe probe,
                                                          HostLimiter.Permit permit, RangePlan plan,
                                                          BlockingQueue<Segment> ended) {
        return () -> {
            try (permit) {
                fetch.fetch(segment, probe == null ? null : probe.response());
                return null;
            } finally {
                plan.finished(segment);
                ended.add(segment);
            }
        };
    }

    /** The server would not split after all: everything written so far is dropped and fetched in one go. */
    private int fetchAsOneStream(Probe probe, PartFile part, FileProgress progress)
            throws IOException, InterruptedException {
        part.reset();
        progress.reset();
        try (var permit = hosts.acquire(probe.finalUri())) {
            var fetch = new RangeFetch(new RangeFetch.Target(transport, probe.finalUri(), request.headers(),
                    -1, false, null, part, progress), settings, listener);
            fetch.fetch(RangePlan.whole(-1).next(), null);
        }
        return 1;
    }

    /** How many ranges to plan: the entry's {@code split=}, else {@code -s}, else {@code -x}. */
    private int rangesFor() {
        return request.connections() != null ? request.connections() : settings.effectiveSplits();
    }

    private void verify(PartFile part, Probe probe) throws IOException {
        if (probe.size() >= 0 && part.size() != probe.size() && probe.rangeable()) {
            throw new IOException("size mismatch: expected " + probe.size() + " bytes, have " + part.size());
        }
        var checksum = request.checksum();
        if (checksum != null) {
            var digest = checksum.newDigest();
            try (var in = Files.newInputStream(part.path())) {
                var buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            if (!checksum.matches(digest.digest())) {
                part.deleteQuietly();
                throw new IOException(checksum.algorithm() + " checksum mismatch");
            }
        }
    }

    private void commit(PartFile part, Path target) throws IOException {
        try {
            part.commit(target, targets.overwrite());
        } catch (FileAlreadyExistsException e) {
            throw new IOException(target.getFileName() + " appeared while downloading; the data stays in "
                    + part.path().getFileName());
        }
    }

    private static IOException asIOException(Throwable t) throws InterruptedException {
        return switch (t) {
            case InterruptedException e -> throw e;
            case IOException e -> e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> new IOException(t);
        };
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
