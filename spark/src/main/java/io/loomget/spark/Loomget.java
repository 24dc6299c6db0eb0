package io.loomget.spark;

import io.loomget.Batch;
import io.loomget.Checksum;
import io.loomget.DownloadEvent;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.InvalidUrlException;
import io.loomget.Links;
import io.loomget.RetryPolicy;
import io.loomget.Settings;
import io.loomget.ThreadKind;
import io.loomget.internal.engine.Redaction;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Every call from the job into loomget's library goes through here, so that a move of loomget's
 * public types (package {@code io.loomget}) changes the imports of this one class.
 */
final class Loomget {

    private Loomget() {}

    /** Parses a chunk of loomget's input format (aria2 style): entries and problems, in order. */
    static List<Entry> parseLinks(String text, String sourceName) {
        Links.Parsed parsed;
        try {
            parsed = Links.read(new BufferedReader(new StringReader(text)), sourceName);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not throw
        }
        var entries = new ArrayList<Entry>(parsed.requests().size() + parsed.problems().size());
        for (var r : parsed.requests()) {
            String out = r.outName() == null ? null
                    : r.dir() == null ? r.outName() : r.dir().resolve(r.outName()).toString();
            String checksum = r.checksum() == null ? null : r.checksum().algorithm() + "=" + r.checksum().hex();
            entries.add(new Entry(r.uri().toString(), out, checksum, r.connections(), r.headers(),
                    r.mirrors().stream().map(URI::toString).toList(), r.source(), null));
        }
        for (var p : parsed.problems()) {
            entries.add(Entry.problem(p.source(), p.message()));
        }
        return entries;
    }

    /** {@code url} as loomget prints it: a {@code user:password@} in it hidden. */
    static String display(String url) {
        return DownloadRequest.of(URI.create(url)).displayUri();
    }

    /** {@code user:password@} in any URL inside {@code text} as {@code ***@}, as the CLI hides it. */
    static String redactText(String text) {
        return Redaction.redactText(text);
    }

    /** Checks one row of a table ({@code url}, optional {@code out}, {@code checksum}) as the CLI checks its input. */
    static Entry tableEntry(String url, String out, String checksum, String source) {
        if (url == null || url.isBlank()) {
            return Entry.problem(source, "a row with no url");
        }
        try {
            var uri = Links.parseArgument(url).uri();
            if (checksum != null && !checksum.isBlank()) {
                var c = Checksum.parse(checksum.strip());
                checksum = c.algorithm() + "=" + c.hex();
            } else {
                checksum = null;
            }
            return new Entry(uri.toString(), out == null || out.isBlank() ? null : out.strip(), checksum, null,
                    null, null, source, null);
        } catch (InvalidUrlException | IllegalArgumentException e) {
            return Entry.problem(source, e.getMessage());
        }
    }

    /** The engine's settings for {@code o}, its request files at {@code files} (where this JVM wrote or found them). */
    static Settings settings(JobOptions o, Path outputDir, ClientFiles.Written files) {
        var b = Settings.builder()
                .outputDir(outputDir)
                // Deterministic paths: a path is this URL's alone within the job, so a retried task attempt
                // finds what an earlier attempt committed (-c: already complete, by the file's record) and, on
                // a file: root, continues its part files. A file there that is not this URL's (another list's
                // run into the same root, another tool's) is kept, as the CLI keeps it: the URL takes
                // NAME.1.EXT, and its manifest row says so. (Overwriting it lost the other file silently.)
                .overwrite(false)
                .resume(true)
                .threads(o.platformThreads() ? ThreadKind.PLATFORM : ThreadKind.VIRTUAL)
                .retry(new RetryPolicy(o.retries(), o.retryWait(), o.maxRetryWait()))
                .connectTimeout(o.connectTimeout())
                .idleTimeout(o.idleTimeout())
                .maxConnectionsPerHost(o.maxConnectionsPerHost())
                .insecure(o.insecure())
                .conditionalGet(o.conditionalGet())
                .remoteTime(o.remoteTime())
                // Each file's SHA-256 for the manifest: hashed as its bytes are written where it comes in one stream.
                .digest(o.sha256() ? "sha-256" : null);
        files.applyTo(b);
        if (o.filesAtOnce() > 0) {
            b.filesAtOnce(o.filesAtOnce());
        }
        if (o.connectionsPerFile() > 0) {
            b.connectionsPerFile(o.connectionsPerFile());
        }
        return b.build();
    }

    /**
     * Downloads {@code planned} into {@code outputDir} with the engine's streaming batch: a target is
     * taken only when one of the {@code -j} slots is free, and each outcome goes to {@code outcomes}
     * as its file ends, from that file's thread. The job's request files are written for the engine
     * under {@code scratch} and removed when the batch ends.
     */
    static void download(JobOptions options, Path outputDir, Path scratch, Iterator<Planned> planned,
                         Consumer<Outcome> outcomes) {
        try (var files = options.clientFiles().writeTo(scratch)) {
            download(settings(options, outputDir, files), planned, outcomes, options.sha256());
        }
    }

    private static void download(Settings settings, Iterator<Planned> planned, Consumer<Outcome> outcomes,
                                 boolean sha256) {
        var attempts = new ConcurrentHashMap<URI, AtomicInteger>();
        var batch = new Batch(settings, event -> {
            // A retry of a range, or of the file's first request (for a small file, its only one).
            if (event instanceof DownloadEvent.RangeRetried retried) {
                attempts.computeIfAbsent(retried.file().request().uri(), u -> new AtomicInteger(1)).incrementAndGet();
            } else if (event instanceof DownloadEvent.ProbeRetried retried) {
                attempts.computeIfAbsent(retried.request().uri(), u -> new AtomicInteger(1)).incrementAndGet();
            }
        });
        var requests = new Iterator<DownloadRequest>() {
            @Override
            public boolean hasNext() {
                return planned.hasNext();
            }

            @Override
            public DownloadRequest next() {
                return request(planned.next());
            }
        };
        batch.run(requests, result -> {
            var tries = attempts.remove(result.request().uri());
            outcomes.accept(outcome(result, tries == null ? 1 : tries.get(), sha256));
        });
    }

    private static DownloadRequest request(Planned p) {
        var path = Path.of(p.path());
        var mirrors = p.mirrors().stream().map(URI::create).toList();
        return new DownloadRequest(URI.create(p.url()), path.getFileName().toString(), path.getParent(),
                p.checksum() == null ? null : Checksum.parse(p.checksum()), p.connections(), p.headers(),
                p.url(), mirrors);
    }

    private static Outcome outcome(FileResult result, int attempts, boolean sha256) {
        // The request as planned: the engine hands it back as given, without the .netrc login it sent.
        String url = result.request().uri().toString();
        long ms = result.elapsed().toMillis();
        // An exhaustive switch over the sealed outcomes: an outcome the engine adds fails the build here.
        return switch (result) {
            case FileResult.Downloaded d -> new Outcome(url, Outcome.DOWNLOADED, 200, d.bytes(),
                    d.digest() == null ? null : d.digest().hex(), d.path(), null, attempts, ms);
            // -N asked and the file is the server's version (a 304, or its record names the server's
            // validator): kept, as the CLI's "up to date". Otherwise an earlier attempt of this task (or
            // a run whose manifest write died) committed it and -c found it complete: this run's download.
            case FileResult.AlreadyComplete c -> c.upToDate()
                    ? onDisk(url, Outcome.UP_TO_DATE, 304, c.path(), c.bytes(), attempts, ms, sha256)
                    : onDisk(url, Outcome.DOWNLOADED, 200, c.path(), c.bytes(), attempts, ms, sha256);
            case FileResult.NotFound n -> new Outcome(url, Outcome.NOT_FOUND, n.status(), 0, null, null,
                    "HTTP " + n.status(), attempts, ms);
            case FileResult.Failed f -> new Outcome(url, Outcome.FAILED, null, 0, null, null, f.reason(), attempts, ms);
            case FileResult.Cancelled c -> new Outcome(url, Outcome.FAILED, null, 0, null, null, "cancelled", attempts, ms);
        };
    }

    /** A file found in place: its row carries the SHA-256 of what is on disk, unless {@code --no-sha256}. */
    private static Outcome onDisk(String url, String outcome, int status, Path path, long bytes, int attempts, long ms,
                                  boolean sha256) {
        try {
            return new Outcome(url, outcome, status, bytes, sha256 ? Checksum.hexDigest("sha-256", path) : null,
                    path, null, attempts, ms);
        } catch (IOException e) {
            return new Outcome(url, Outcome.FAILED, null, 0, null, null,
                    "cannot read back " + path + ": " + e.getMessage(), attempts, ms);
        }
    }
}
