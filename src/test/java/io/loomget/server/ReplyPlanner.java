package io.loomget.server;

import io.loomget.cli.demo.ByteRange;
import io.loomget.server.Reply.Entity;
import io.loomget.server.Reply.Framing;
import io.loomget.server.Reply.Message;
import java.net.URLConnection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Decides status, headers and body range for a request: HTTP semantics plus the path's behaviour. */
final class ReplyPlanner {

    private ReplyPlanner() {}

    static Reply plan(Traffic.Request request, Resource.Admission admission) {
        var b = admission.behaviour();
        boolean head = request.method().equals("HEAD");
        if (!head && !request.method().equals("GET")) {
            return message(405, Map.of("Allow", "GET, HEAD"));
        }
        if (b.status() != 0) {
            return failure(b.status(), b);
        }
        if (b.failFirst() != null && admission.number() <= b.failFirst().count()) {
            return failure(b.failFirst().status(), b);
        }
        if (b.redirect() != null) {
            return message(b.redirect().status(), Map.of("Location", b.redirect().location()));
        }
        var version = admission.version();
        if (version == null) {
            return message(404, Map.of());
        }

        var headers = new LinkedHashMap<String, String>();
        headers.put("Content-Type", contentType(request.path()));
        headers.put("ETag", version.etag());
        headers.put("Last-Modified", HttpDates.format(version.lastModified()));
        if (b.contentDisposition() != null) {
            headers.put("Content-Disposition", b.contentDisposition());
        }
        var content = version.content();
        long size = content.size();
        if (b.gzip()) {
            headers.put("Content-Encoding", "gzip");
            return whole(headers, content, Framing.GZIP, b);
        }
        if (b.advertisesRanges()) {
            headers.put("Accept-Ranges", "bytes");
        }
        var wholeFraming = b.noContentLength() ? Framing.CHUNKED : Framing.FIXED;
        // RFC 9110 §14.2: Range is defined for GET only; If-Range only matters with a Range.
        if (head || request.range() == null || b.noRanges() || b.rangeAnsweredWith200()
                || (request.ifRange() != null && !version.matchesIfRange(request.ifRange()))) {
            return whole(headers, content, wholeFraming, b);
        }
        return switch (ByteRange.parse(request.range(), size)) {
            case ByteRange.Ignored() -> whole(headers, content, wholeFraming, b);
            case ByteRange.Unsatisfiable() -> {
                headers.put("Content-Range", "bytes */" + size);
                headers.put("Content-Type", "text/plain; charset=utf-8");
                yield new Message(416, Map.copyOf(headers), "416 Range Not Satisfiable\n");
            }
            case ByteRange.Satisfiable(long first, long last) -> {
                // shiftedRange: a buggy server that serves (and labels) the wrong bytes.
                long from = Math.clamp(first + b.shiftedRange(), 0, size - 1);
                long to = Math.clamp(last + b.shiftedRange(), from, size - 1);
                headers.put("Content-Range", "bytes " + from + "-" + to + "/" + size);
                yield new Entity(206, Map.copyOf(headers), content, from, to - from + 1, Framing.FIXED,
                        b.stallAfterFor(from), b.rateFor(from), b.throttleAfterFor(from));
            }
        };
    }

    private static Entity whole(Map<String, String> headers, Content content, Framing framing, Behaviour b) {
        return new Entity(200, Map.copyOf(headers), content, 0, content.size(), framing, b.stallAfterFor(0),
                b.rateFor(0), b.throttleAfterFor(0));
    }

    private static Message failure(int status, Behaviour b) {
        return message(status, b.retryAfter() == null ? Map.of() : Map.of("Retry-After", b.retryAfter()));
    }

    private static Message message(int status, Map<String, String> headers) {
        var all = new LinkedHashMap<>(headers);
        all.put("Content-Type", "text/plain; charset=utf-8");
        return new Message(status, Map.copyOf(all), status + " " + reason(status) + "\n");
    }

    private static String contentType(String path) {
        return Objects.requireNonNullElse(URLConnection.guessContentTypeFromName(path), "application/octet-stream");
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 410 -> "Gone";
            case 416 -> "Range Not Satisfiable";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status";
        };
    }
}
