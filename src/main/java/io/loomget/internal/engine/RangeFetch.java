package io.loomget.internal.engine;

import io.loomget.DownloadEvent;
import io.loomget.DownloadListener;
import io.loomget.Settings;
import io.loomget.internal.http.Answer;
import io.loomget.internal.http.BodyChunks;
import io.loomget.internal.http.ByteRange;
import io.loomget.internal.http.ContentRange;
import io.loomget.internal.http.HttpStatusException;
import io.loomget.internal.http.Transport;
import io.loomget.internal.io.PartFile;
import io.loomget.internal.io.StreamDigest;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Fills one {@link Segment} of a file: an HTTP range request (or the probe's open body), every
 * answer validated before a byte of it is written, retried from the first missing byte.
 */
final class RangeFetch {

    /**
     * Everything the ranges of one file share; {@code connections}: how many it may have at once;
     * {@code weakTag}: the probe's weak ETag when it gave no strong validator, else null (it cannot go in
     * {@code If-Range}, but an answer with another ETag is another version all the same); {@code digest}:
     * fed every buffer before it is written, or null.
     */
    record Target(Transport transport, Sources sources, Map<String, String> headers, long size, boolean ranged,
                  String ifRange, String weakTag, PartFile part, ProgressCounter progress, int connections,
                  StreamDigest digest) {}

    private final Target target;
    private final Settings settings;
    private final DownloadListener listener;
    private final RateLimiter rate;
    private final HostLimiter hosts;

    RangeFetch(Target target, BatchContext batch) {
        this.target = target;
        this.settings = batch.settings();
        this.listener = batch.listener();
        this.rate = batch.rate();
        this.hosts = batch.hosts();
    }

    /**
     * Fetches the segment until it is complete. {@code opened} is a response already streaming the
     * segment's first byte (the probe), or null.
     */
    void fetch(Segment segment, Answer opened, HostLimiter.Permit permit)
            throws IOException, InterruptedException {
        try {
            fetchUntilComplete(segment, opened, permit);
        } catch (InterruptedException e) {
            if (!segment.isCancelled()) {
                throw e;
            }
            Thread.interrupted(); // a hedge won the race for these bytes: this thread simply stops
        }
    }

    private void fetchUntilComplete(Segment segment, Answer opened, HostLimiter.Permit permit)
            throws IOException, InterruptedException {
        var sources = target.sources();
        segment.started(System.nanoTime());
        try (var connection = target.progress().openConnection(); var writer = openWriter()) {
            var response = opened;
            long asked = segment.end(); // where the open answer ends: it streams the whole segment
            var source = sources.primary();
            if (response != null) {
                connection.fetching(sources.given(source), response.uri());
            }
            var retries = new Retries(settings.retry());
            while (true) {
                long from = segment.position();
                try {
                    if (response == null) {
                        if (segment.isComplete()) {
                            return; // work stealing moved the end to where this range already was
                        }
                        source = target.ranged() ? sources.pick() : sources.primary();
                        var window = requestWaiting(segment, source);
                        response = window.answer();
                        asked = window.end();
                        permit.succeeded();
                        connection.fetching(sources.given(source), response.uri());
                    }
                    if (copy(response.body(), segment, writer, from, asked, connection) || segment.isComplete()) {
                        return;
                    }
                    // The window's bytes are written: the next request asks for the next window.
                } catch (IOException e) {
                    connection.idle();
                    if (afterFailure(e, segment, source, retries, permit) == Next.DONE) {
                        return;
                    }
                } finally {
                    if (response != null) {
                        response.body().close();
                        response = null;
                    }
                }
            }
        }
    }

    /** What a segment does after a failed request or body. */
    private enum Next {
        /** Nothing more: every byte is in, or its twin in a hedge race took the bytes over. */
        DONE,
        /** Ask again from the first missing byte (from another mirror at once, or after a retry's wait). */
        AGAIN
    }

    /** Decides what follows {@code failure} of {@code source}, and waits where a retry must; throws it when no retry is left. */
    private Next afterFailure(IOException failure, Segment segment, URI source, Retries retries, HostLimiter.Permit permit)
            throws IOException, InterruptedException {
        boolean local = failure instanceof LocalWriteException;
        if (segment.isComplete() && !local) {
            return Next.DONE; // every byte is in; only the end of the body went wrong
        }
        if (!local && isRefusedForGood(failure) && target.sources().renew(source)) {
            // The redirect's target turned this range away: a signed link that expired looks so. The URL
            // as given redirects afresh; no retry is spent (renewing again takes an answer in between).
            listener.on(new DownloadEvent.RangeRetried(target.progress(), segment.position(), retries.used() + 1,
                    Redaction.redact(source) + ": " + Failures.describe(failure)
                            + "; asking the URL as given again (its redirect may have expired)", Duration.ZERO));
            if (!target.ranged()) {
                restartStream(segment);
            }
            return Next.AGAIN;
        }
        if (!local && target.ranged() && target.sources().fail(source)) {
            // Another mirror is left: switch at once, without spending a retry.
            listener.on(new DownloadEvent.RangeRetried(target.progress(), segment.position(), retries.used() + 1,
                    Redaction.redact(source) + " failed (" + Failures.describe(failure) + "); using another mirror",
                    Duration.ZERO));
            return Next.AGAIN;
        }
        // A refusal while the host serves other connections is its limit, not a failure: no retry is spent.
        var free = local ? Optional.<Duration>empty() : retries.afterRefusalWhileServing(failure, permit.othersInUse());
        var retry = free.isPresent() ? free : retries.after(failure, source);
        if (retry.isEmpty()) {
            if (!local && segment.withdraw()) {
                return Next.DONE; // its twin in a hedge race is still at it: the bytes are the twin's now
            }
            throw failure;
        }
        var wait = retry.get();
        listener.on(new DownloadEvent.RangeRetried(target.progress(), segment.position(),
                free.isPresent() ? retries.used() + 1 : retries.used(), Failures.describe(failure)
                        + (free.isPresent() ? " while it serves other connections; waiting for one of them to end" : ""),
                wait));
        if (!target.ranged()) {
            restartStream(segment);
        }
        waitToRetry(failure, segment, source, wait, permit);
        return Next.AGAIN;
    }

    /** A status that asking the same URL again will not change, but a fresh redirect may (400, 401, 403, 404, 410). */
    private static boolean isRefusedForGood(IOException failure) {
        return failure instanceof HttpStatusException s && switch (s.status()) {
            case 400, 401, 403, 404, 410 -> true;
            default -> false;
        };
    }

    /**
     * Sleeps {@code wait} before a retry. After a refusal (503, 429) the connection slot goes back while
     * this range waits, and a Retry-After (capped as the wait is) pauses the whole host.
     */
    private void waitToRetry(IOException failure, Segment segment, URI source, Duration wait, HostLimiter.Permit permit)
            throws InterruptedException {
        boolean refused = Failures.isRefusal(failure);
        if (refused && permit.refused(Failures.retryAfter(failure).map(ignored -> wait))) {
            listener.on(new DownloadEvent.HostPaused(HostLimiter.name(source), wait, Failures.describe(failure)));
        }
        segment.beginWait();
        try {
            Thread.sleep(wait);
            if (refused) {
                permit.takeAgain();
            }
        } finally {
            segment.endWait();
        }
    }

    /** {@link #request} as a wait on the network, which a lost hedge race may interrupt ({@link Segment#beginWait}). */
    private Window requestWaiting(Segment segment, URI source) throws IOException, InterruptedException {
        segment.beginWait();
        try {
            return request(segment, source);
        } finally {
            segment.endWait();
        }
    }

    private PartFile.RangeWriter openWriter() throws IOException {
        try {
            return target.part().openWriter();
        } catch (java.nio.channels.ClosedByInterruptException interrupted) {
            throw interrupted;
        } catch (IOException e) {
            throw new LocalWriteException("cannot open " + target.part().path(), e);
        }
    }

    /** A plain stream cannot continue mid-way: forget its bytes and start from byte 0. */
    private void restartStream(Segment segment) throws IOException {
        target.progress().add(-(segment.position() - segment.start()));
        segment.rewindTo(segment.start());
        target.part().reset();
    }

    /** A validated answer, streaming the segment's bytes up to {@code end} (exclusive). */
    private record Window(Answer answer, long end) {}

    /**
     * The next request for the segment: a range of at most one window from its first missing byte, the
     * window reserved before the request is sent (see {@link ResponseWindows}).
     */
    private Window request(Segment segment, URI source) throws IOException, InterruptedException {
        if (!target.ranged()) {
            var whole = target.transport().getWhole(source, target.headers());
            target.sources().landed(source, whole.uri());
            return new Window(whole, segment.end());
        }
        long first = segment.position();
        // At least one byte: work stealing may have just moved the end to here; claim() then stops the range.
        var window = hosts.windows().reserve(Math.max(1, Math.min(segment.end() - first,
                hosts.windowShare(Math.max(hosts.inUse(), target.connections())))));
        long last = first + window.size() - 1;
        // Only the probed source's validator is known; a mirror is held to the size (and any checksum).
        var validator = target.sources().isPrimary(source) ? target.ifRange() : null;
        var weakTag = target.sources().isPrimary(source) ? target.weakTag() : null;
        Answer response;
        try {
            response = target.transport().get(source, new ByteRange(first, last), validator, target.headers());
        } catch (IOException | InterruptedException | RuntimeException e) {
            window.close();
            throw e;
        }
        response.body().charge(window);
        try {
            validate(response, first, last, validator, weakTag);
            target.sources().landed(source, response.uri());
            return new Window(response, last + 1);
        } catch (IOException e) {
            response.body().close();
            throw e;
        }
    }

    /** Only exactly the bytes asked for may be written; anything else is not this range. */
    private void validate(Answer response, long first, long last, String expected, String weakTag)
            throws IOException {
        int status = response.status();
        if (status == 200) {
            throw new RangeNotHonouredException("server answered 200 to a range request");
        }
        if (status == 416) {
            throw new RangeNotHonouredException("server says bytes " + first + "-" + last + " are out of range");
        }
        if (status != 206) {
            throw HttpStatusException.of(response);
        }
        var header = response.headers().firstValue("Content-Range").orElse(null);
        var range = ContentRange.parse(header);
        if (range.isEmpty() || !range.get().is(first, last, target.size())) {
            throw new RangeNotHonouredException("asked for bytes " + first + "-" + last + "/" + target.size()
                    + ", got Content-Range: " + header);
        }
        if (expected != null) {
            // A server that ignores If-Range must still not make us stitch two versions together.
            // A 206 must carry the validator a 200 would (RFC 9110 §15.3.7): one without it may be any
            // version (a redirect to other bytes, a backend that dropped its ETags), so it is not written.
            var field = expected.startsWith("\"") ? "ETag" : "Last-Modified";
            var actual = response.headers().firstValue(field);
            if (actual.isEmpty()) {
                throw new RangeNotHonouredException("the range answer has no " + field + " to show it is the version "
                        + expected + " the download started with");
            }
            if (!actual.get().trim().equals(expected)) {
                throw new RangeNotHonouredException("the file changed on the server during the download ("
                        + expected + " became " + actual.get().trim() + ")");
            }
        }
        var etag = weakTag == null ? null : response.headers().firstValue("ETag").map(String::trim).orElse(null);
        if (etag != null && !etag.equals(weakTag)) {
            throw new RangeNotHonouredException("the file changed on the server during the download (" + weakTag
                    + " became " + etag + ")");
        }
        var encoding = response.headers().firstValue("Content-Encoding").orElse("identity");
        if (!encoding.isBlank() && !encoding.equalsIgnoreCase("identity")) {
            throw new RangeNotHonouredException("range came back encoded as " + encoding);
        }
        if (isMultipart(response.headers().firstValue("Content-Type").orElse(null))) {
            throw new RangeNotHonouredException("range came back as multipart/byteranges");
        }
    }

    /**
     * A multipart/byteranges body: its bytes start with a boundary and the part's headers, not with the
     * range, whatever a {@code Content-Range} beside it says (a server may send one part so, RFC 9110 §14.6).
     */
    static boolean isMultipart(String contentType) {
        return contentType != null && contentType.strip().regionMatches(true, 0, "multipart/byteranges", 0, 20);
    }

    /**
     * Writes the body, which streams the bytes up to {@code asked}, at its offsets until it ends, the
     * segment is complete or its end moved below the body. Returns true when this thread has nothing more to do for the segment (another thread has
     * the rest), false when the body ended where it should, at the end of the segment or of its window.
     */
    private boolean copy(BodyChunks body, Segment segment, PartFile.RangeWriter writer, long from, long asked,
                         ProgressCounter.Connection connection) throws IOException, InterruptedException {
        long position = from;
        for (var buffers = next(body, segment); buffers != null; buffers = next(body, segment)) {
            for (ByteBuffer buffer : buffers) {
                if (buffer.remaining() > asked - position) {
                    throw surplus(from, asked);
                }
                long n = buffer.remaining();
                long allowed = segment.claim(n);
                if (allowed == 0 && n > 0) {
                    return true; // these bytes are another thread's: stolen, or a race this thread lost
                }
                if (allowed < n) {
                    buffer.limit(buffer.position() + (int) allowed);
                }
                rate.acquire(allowed);
                if (target.digest() != null) {
                    target.digest().wrote(buffer, position);
                }
                write(writer, buffer, position);
                position += allowed;
                segment.writtenUpTo(position);
                target.progress().add(allowed);
                connection.add(allowed);
                if (allowed < n) {
                    return true; // the rest belongs to a range that another thread took over
                }
            }
        }
        if (segment.end() == Segment.OPEN_END) {
            segment.endHere();
        }
        if (!segment.isComplete() && position != asked) {
            throw new IOException("the answer ended after " + (position - from) + " of "
                    + (Math.min(segment.end(), asked) - from) + " bytes");
        }
        return false;
    }

    /**
     * A body longer than the range it is labelled with is not that range: a server that labels the range
     * asked for and sends the whole file (or a multipart body) starts it with other bytes, and the bytes
     * past the range would land on the next window's offsets. What this answer wrote may be wrong too, so
     * the file starts over as one plain stream (the caller of {@link RangeScope} falls back).
     */
    private RangeNotHonouredException surplus(long from, long asked) {
        return new RangeNotHonouredException(target.ranged()
                ? "the answer for bytes " + from + "-" + (asked - 1) + " went on past that range: it is not that range"
                : "the answer went on past the " + asked + " bytes the first one announced: the file changed");
    }

    /** The next buffers of the body; a hedge that wins meanwhile interrupts the wait. */
    private java.util.List<ByteBuffer> next(BodyChunks body, Segment segment) throws IOException, InterruptedException {
        segment.beginWait();
        try {
            return body.next(settings.idleTimeout());
        } finally {
            segment.endWait();
        }
    }

    private void write(PartFile.RangeWriter writer, ByteBuffer buffer, long position) throws IOException {
        try {
            writer.write(buffer, position);
        } catch (java.nio.channels.ClosedByInterruptException interrupted) {
            throw interrupted;
        } catch (IOException e) {
            throw new LocalWriteException("cannot write " + target.part().path(), e);
        }
    }
}
