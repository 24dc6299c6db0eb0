package io.loomget.internal.engine;

import io.loomget.DownloadEvent;
import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.RetryPolicy;
import java.util.ArrayList;

import io.loomget.internal.http.Answer;
import io.loomget.internal.http.ByteRange;
import io.loomget.internal.http.ContentDisposition;
import io.loomget.internal.http.ContentRange;
import io.loomget.internal.http.HttpStatusException;
import io.loomget.internal.http.Transport;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** Sends a file's first request and reads what the answer says about size, ranges and validators. */
final class Prober {

    private final Transport transport;
    private final RetryPolicy retry;
    private final DownloadListener listener;

    Prober(Transport transport, RetryPolicy retry, DownloadListener listener) {
        this.transport = transport;
        this.retry = retry;
        this.listener = listener;
    }

    /**
     * The first answer for {@code request}, asked as {@code sent} (the same with the hosts' logins): its
     * URL, then its mirrors, each retried as a range would be ({@link Retries}); a refusal gives the
     * host's slot back for the wait ({@link HostBudget}).
     */
    Probe firstAnswer(DownloadRequest request, DownloadRequest sent, long window, Map<String, String> headers,
                      HostLimiter.Permit permit) throws IOException, InterruptedException {
        IOException last = null;
        var candidates = new ArrayList<URI>();
        candidates.add(sent.uri());
        candidates.addAll(sent.mirrors());
        for (var uri : candidates) {
            var retries = new Retries(retry);
            while (true) {
                try {
                    var probe = probe(uri, headers, window);
                    permit.succeeded();
                    return probe;
                } catch (IOException e) {
                    last = e;
                    var wait = retries.after(e, uri);
                    if (wait.isEmpty()) {
                        break;
                    }
                    listener.on(new DownloadEvent.ProbeRetried(request, retries.used(),
                            (uri.equals(sent.uri()) ? "" : Redaction.redact(uri) + ": ") + Failures.describe(e),
                            wait.get()));
                    boolean refused = Failures.isRefusal(e);
                    if (refused) {
                        if (permit.refused(Failures.retryAfter(e).map(asked -> wait.get()))) {
                            listener.on(new DownloadEvent.HostPaused(HostLimiter.name(uri), wait.get(), Failures.describe(e)));
                        }
                    }
                    Thread.sleep(wait.get());
                    if (refused) {
                        permit.takeAgain();
                    }
                }
            }
        }
        throw last;
    }

    /**
     * Asks for the first {@code window} bytes: a small file comes whole in this one answer, a large
     * one tells its size in {@code Content-Range} and its first range is already on the way; the
     * answer ends where that range ends, so its connection stays reusable.
     */
    Probe probe(URI uri, Map<String, String> headers, long window) throws IOException, InterruptedException {
        var response = transport.get(uri, ByteRange.head(window), null, headers);
        try {
            return switch (response.status()) {
                case 206 -> fromPartial(uri, headers, response, window);
                case 200 -> whole(uri, response);
                case 416 -> fromUnsatisfiable(uri, headers, response);
                default -> throw HttpStatusException.of(response);
            };
        } catch (IOException | RuntimeException e) {
            response.body().close();
            throw e;
        }
    }

    private Probe fromPartial(URI uri, Map<String, String> headers, Answer response, long window)
            throws IOException, InterruptedException {
        var h = ProbeHeaders.of(response.headers());
        var range = ContentRange.parse(h.contentRange());
        boolean exact = range.isPresent() && range.get().first() == 0 && range.get().complete() > 0
                && range.get().last() == Math.min(window, range.get().complete()) - 1 && identity(h)
                && !RangeFetch.isMultipart(h.contentType());
        if (!exact) {
            // A 206 we cannot trust: ask once more for the plain representation.
            response.body().close();
            return plain(uri, headers);
        }
        return new Probe(response.uri(), range.get().complete(), true, validator(h), suggestedName(h), response,
                range.get().last() + 1, uri);
    }

    private Probe fromUnsatisfiable(URI uri, Map<String, String> headers, Answer response)
            throws IOException, InterruptedException {
        var h = ProbeHeaders.of(response.headers());
        var range = ContentRange.parse(h.contentRange());
        if (range.isPresent() && range.get().complete() == 0) {
            // "bytes=0-" of an empty file is unsatisfiable: the file is simply empty.
            return new Probe(response.uri(), 0, false, null, suggestedName(h), response, 0, uri);
        }
        response.body().close();
        return plain(uri, headers);
    }

    private Probe plain(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        return whole(uri, transport.getWhole(uri, headers));
    }

    private static Probe whole(URI uri, Answer response) {
        var h = ProbeHeaders.of(response.headers());
        // As HttpHeaders.firstValueAsLong would: a malformed length is a NumberFormatException.
        long size = identity(h) && h.contentLength() != null ? Long.parseLong(h.contentLength()) : -1;
        return new Probe(response.uri(), size, false, null, suggestedName(h), response, size, uri);
    }

    private static boolean identity(ProbeHeaders h) {
        var encoding = h.contentEncoding() == null ? "" : h.contentEncoding().trim();
        return encoding.isEmpty() || encoding.equalsIgnoreCase("identity");
    }

    /** A strong ETag, else Last-Modified: weak ETags must not be used with If-Range (RFC 9110 §13.1.5). */
    private static String validator(ProbeHeaders h) {
        var etag = h.etag() == null ? null : h.etag().trim();
        if (etag != null && !etag.startsWith("W/") && etag.startsWith("\"")) {
            return etag;
        }
        return h.lastModified();
    }

    private static String suggestedName(ProbeHeaders h) {
        return h.contentDisposition() == null ? null : ContentDisposition.filename(h.contentDisposition()).orElse(null);
    }
}
