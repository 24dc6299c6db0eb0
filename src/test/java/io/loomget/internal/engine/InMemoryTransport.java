package io.loomget.internal.engine;

import io.loomget.internal.http.Answer;
import io.loomget.internal.http.BodyChunks;
import io.loomget.internal.http.ByteRange;
import io.loomget.internal.http.Transport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Transport} that answers from a byte array, with no socket at all: 206 with an exact
 * {@code Content-Range} and a strong ETag for ranges, 200 for the whole. It records every
 * {@code Range} asked for, and can cut the body of the first {@code cuts} range answers after
 * {@code cutAfter} bytes, as a reset connection would, or make every range answer but the first
 * {@code surplus} bytes longer than its {@code Content-Range} says (counted in its {@code Content-Length}).
 */
final class InMemoryTransport implements Transport {

    static final String ETAG = "\"in-memory\"";
    private static final int CHUNK = 16 * 1024;

    private final byte[] content;
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private final AtomicInteger cutsLeft;
    private final int cutAfter;
    private final int surplus;

    InMemoryTransport(byte[] content, int cuts, int cutAfter) {
        this(content, cuts, cutAfter, 0);
    }

    InMemoryTransport(byte[] content, int cuts, int cutAfter, int surplus) {
        this.content = content;
        this.cutsLeft = new AtomicInteger(cuts);
        this.cutAfter = cutAfter;
        this.surplus = surplus;
    }

    /** The {@code Range} headers asked for, in order ({@code null} for a whole GET). */
    List<String> ranges() {
        return java.util.Collections.unmodifiableList(new java.util.ArrayList<>(ranges)); // nulls kept
    }

    @Override
    public Answer get(URI uri, ByteRange range, String ifRange, Map<String, String> extraHeaders) {
        ranges.add(range.header());
        int first = (int) range.first();
        int last = (int) Math.min(content.length - 1, range.last());
        boolean cut = first > 0 && cutsLeft.getAndDecrement() > 0;
        int extra = first > 0 ? surplus : 0;
        return answer(uri, 206, Map.of(
                "Content-Range", List.of("bytes " + first + "-" + last + "/" + content.length),
                "Content-Length", List.of(String.valueOf(last - first + 1 + extra)),
                "ETag", List.of(ETAG)), first, last + 1, cut, extra);
    }

    @Override
    public Answer getWhole(URI uri, Map<String, String> extraHeaders) {
        ranges.add(null);
        return answer(uri, 200, Map.of("Content-Length", List.of(String.valueOf(content.length))), 0, content.length, false, 0);
    }

    @Override
    public void close() {}

    private Answer answer(URI uri, int status, Map<String, List<String>> headers, int from, int to, boolean cut,
                          int extra) {
        var body = new BodyChunks();
        int end = cut ? Math.min(to, from + cutAfter) : to;
        body.onSubscribe(new Flow.Subscription() {
            private int next = from;
            private boolean done;
            private boolean extraSent = extra == 0;

            @Override
            public synchronized void request(long n) {
                for (long i = 0; i < n && !done; i++) {
                    if (next < end) {
                        int size = Math.min(CHUNK, end - next);
                        body.onNext(List.of(ByteBuffer.wrap(content, next, size).slice()));
                        next += size;
                    } else if (!cut && !extraSent) {
                        var junk = new byte[extra];
                        java.util.Arrays.fill(junk, (byte) 0xEE);
                        body.onNext(List.of(ByteBuffer.wrap(junk)));
                        extraSent = true;
                    } else {
                        done = true;
                        if (cut) {
                            body.onError(new IOException("connection reset"));
                        } else {
                            body.onComplete();
                        }
                    }
                }
            }

            @Override
            public void cancel() {
                done = true;
            }
        });
        return new Answer(status, HttpHeaders.of(headers, (name, value) -> true), uri, body);
    }
}
