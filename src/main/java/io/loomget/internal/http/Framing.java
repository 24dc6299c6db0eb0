package io.loomget.internal.http;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * Whether an HTTP/1.1 answer says where its body ends in one way only (RFC 9112 §6.3). The JDK client
 * reads the first {@code Content-Length} and lets it win over {@code Transfer-Encoding: chunked}, the
 * reverse of the RFC: an answer with two lengths would be cut at the first (a short file, exit 0), one
 * with both would keep the chunk framing in the file, and what was left unread would be taken for the
 * next answer on the connection. Such an answer is refused before a byte of its body is read, as the
 * RFC asks of a user agent (§6.3 points 3 and 5). HTTP/2 frames its bodies itself: not checked here.
 */
final class Framing {

    private Framing() {}

    /** Bodies for one request: a body whose length cannot be trusted is {@linkplain BodyChunks#refused refused}. */
    static final class Checked implements HttpResponse.BodyHandler<BodyChunks> {

        private volatile String problem;

        @Override
        public HttpResponse.BodySubscriber<BodyChunks> apply(HttpResponse.ResponseInfo info) {
            problem = Framing.problem(info);
            return problem == null ? new BodyChunks() : BodyChunks.refused();
        }

        /** Why the answer's body was refused unread, or null. */
        String problem() {
            return problem;
        }
    }

    /** Why the answer's body cannot be delimited, in words for the user; null when it can. */
    static String problem(HttpResponse.ResponseInfo info) {
        int status = info.statusCode();
        if (info.version() != HttpClient.Version.HTTP_1_1 || status < 200 || status == 204 || status == 304) {
            return null; // HTTP/2 frames its bodies itself; these statuses have no body to delimit
        }
        var lengths = info.headers().allValues("Content-Length");
        if (lengths.isEmpty()) {
            return null;
        }
        // "identity" (an old servers' word for no coding at all) leaves the length to Content-Length.
        if (info.headers().firstValue("Transfer-Encoding").filter(te -> !te.strip().equalsIgnoreCase("identity")).isPresent()) {
            return "the answer has both Transfer-Encoding and Content-Length, so its length is ambiguous (RFC 9112 §6.3)";
        }
        return lengths.size() == 1 && lengths.getFirst().indexOf(',') < 0 ? null : conflict(lengths);
    }

    /**
     * Several Content-Length values: refused when they differ. Equal ones in separate fields are read
     * as one (RFC 9110 §8.6 allows it, and the client takes the first); a list in one field, even of
     * equal values, the JDK client cannot read at all.
     */
    private static String conflict(List<String> fields) {
        var values = new java.util.LinkedHashSet<String>();
        for (var field : fields) {
            for (var value : field.split(",", -1)) {
                values.add(value.strip());
            }
        }
        if (values.size() > 1) {
            return "conflicting Content-Length values (" + String.join(", ", values) + ")";
        }
        return fields.stream().anyMatch(field -> field.indexOf(',') >= 0)
                ? "Content-Length is a list (" + fields.getFirst().strip() + "), which cannot be read as one length"
                : null;
    }
}
