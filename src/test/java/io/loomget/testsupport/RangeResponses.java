package io.loomget.testsupport;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Byte ranges for WireMock, which ignores {@code Range} on its own: a stub's 200 answer to
 * {@code GET} with {@code Range: bytes=a-b}, {@code bytes=a-} or {@code bytes=-n} becomes a 206 with
 * {@code Content-Range}, {@code Content-Length} and the sliced body; a range that starts past the end
 * becomes a 416 with {@code Content-Range: bytes *}{@code /size} (RFC 9110 §14). Malformed and
 * multi-range headers are ignored (the whole 200 goes out), as are ranges whose {@code If-Range}
 * matches neither the stub's {@code ETag} nor its {@code Last-Modified}. Every 200 it touches also
 * advertises {@code Accept-Ranges: bytes}.
 *
 * <p>Register it with {@code options().extensions(RangeResponses.everywhere())} for all stubs, or
 * {@link #onlyWhereNamed()} and opt stubs in with {@code .withTransformers(RangeResponses.NAME)}.
 * A stub may set the transformer parameter {@link #SHIFT} to play a buggy server that serves, and
 * labels, bytes that many positions later than asked.
 */
public final class RangeResponses implements ResponseTransformerV2 {

    public static final String NAME = "loomget-byte-ranges";
    /** Transformer parameter: serve and label the range this many bytes later than asked (0 = honest). */
    public static final String SHIFT = "shift";

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final boolean global;

    private RangeResponses(boolean global) {
        this.global = global;
    }

    /** Applied to every stub. */
    public static RangeResponses everywhere() {
        return new RangeResponses(true);
    }

    /** Applied only to stubs that name it with {@code .withTransformers(NAME)}. */
    public static RangeResponses onlyWhereNamed() {
        return new RangeResponses(false);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return global;
    }

    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
        var request = serveEvent.getRequest();
        if (!RequestMethod.GET.equals(request.getMethod()) || response.getStatus() != 200) {
            return response;
        }
        byte[] body = response.getBody();
        long size = body.length;
        var range = request.containsHeader("Range") ? request.getHeader("Range") : null;
        if (range == null || !ifRangeHolds(request.containsHeader("If-Range") ? request.getHeader("If-Range") : null,
                response.getHeaders())) {
            return Response.Builder.like(response).but()
                    .headers(headers(response.getHeaders(), new HttpHeader("Accept-Ranges", "bytes"),
                            new HttpHeader("Content-Length", Long.toString(size))))
                    .build();
        }
        var wanted = parse(range, size);
        if (wanted.isEmpty()) {
            return response; // not a single byte range: ignored, as RFC 9110 allows
        }
        long[] span = wanted.get();
        if (span.length == 0) {
            return Response.Builder.like(response).but()
                    .status(416)
                    .headers(headers(response.getHeaders(), new HttpHeader("Content-Range", "bytes */" + size),
                            new HttpHeader("Content-Length", "0")))
                    .body(new byte[0])
                    .build();
        }
        int shift = serveEvent.getTransformerParameters().getInt(SHIFT, 0);
        long first = Math.clamp(span[0] + shift, 0, size - 1);
        long last = Math.clamp(span[1] + shift, first, size - 1);
        return Response.Builder.like(response).but()
                .status(206)
                .headers(headers(response.getHeaders(),
                        new HttpHeader("Accept-Ranges", "bytes"),
                        new HttpHeader("Content-Range", "bytes " + first + "-" + last + "/" + size),
                        new HttpHeader("Content-Length", Long.toString(last - first + 1))))
                .body(Arrays.copyOfRange(body, (int) first, (int) last + 1))
                .build();
    }

    /**
     * {first, last} of a satisfiable single range, an empty array for an unsatisfiable one, or empty
     * when the header is to be ignored.
     */
    static Optional<long[]> parse(String header, long size) {
        var m = SINGLE.matcher(header.strip().toLowerCase(Locale.ROOT).replace(" ", ""));
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) { // suffix: the last n bytes
                long n = Long.parseLong(m.group(2));
                return Optional.of(n == 0 || size == 0 ? new long[0] : new long[] {Math.max(0, size - n), size - 1});
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group(2));
            if (last < first) {
                return Optional.empty();
            }
            return Optional.of(first >= size ? new long[0] : new long[] {first, Math.min(last, size - 1)});
        } catch (NumberFormatException tooLong) {
            return Optional.empty();
        }
    }

    private static boolean ifRangeHolds(String ifRange, HttpHeaders headers) {
        if (ifRange == null) {
            return true;
        }
        return ifRange.equals(first(headers, "ETag")) || ifRange.equals(first(headers, "Last-Modified"));
    }

    private static String first(HttpHeaders headers, String name) {
        var h = headers.getHeader(name);
        return h.isPresent() ? h.firstValue() : null;
    }

    /** {@code original} without the framing headers this transformer decides, plus {@code extra}. */
    private static HttpHeaders headers(HttpHeaders original, HttpHeader... extra) {
        var all = new ArrayList<HttpHeader>();
        for (var h : original.all()) {
            if (!h.keyEquals("Content-Length") && !h.keyEquals("Content-Range") && !h.keyEquals("Accept-Ranges")) {
                all.add(h);
            }
        }
        all.addAll(Arrays.asList(extra));
        return new HttpHeaders(all);
    }
}
