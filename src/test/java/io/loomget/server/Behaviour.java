package io.loomget.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How one path misbehaves. Immutable; build with {@link #builder()} and install with
 * {@link RangeServer#behave(String, Behaviour)}. Counters such as "first n requests" start when the
 * behaviour is installed and count every request to the path (GET and HEAD alike), except
 * {@link BehaviourBuilder#truncateFirst} which counts only responses that carry a body.
 *
 * @param noRanges             ignore {@code Range}, always 200 with the whole body, no {@code Accept-Ranges}
 * @param rangeAnsweredWith200 advertise {@code Accept-Ranges: bytes} but answer every ranged GET with 200 + whole body
 * @param shiftedRange         answer 206 with a body and {@code Content-Range} starting this many bytes later than asked (0 = off)
 * @param contentDisposition   {@code Content-Disposition} value to send, or null
 * @param noContentLength      200 bodies go chunked without {@code Content-Length}, no {@code Accept-Ranges}
 *                             (a ranged GET is still answered 206, the server just does not advertise it)
 * @param gzip                 {@code Content-Encoding: gzip}, chunked, ranges ignored
 * @param failFirst            the first requests answer an error status, or null
 * @param status               always answer this status (0 = off)
 * @param retryAfter           {@code Retry-After} value sent with {@code status}/{@code failFirst} answers, or null
 * @param truncation           cut bodies short by closing the connection, or null
 * @param stallAfter           stop sending after this many body bytes until the server closes (-1 = off)
 * @param stalledRange         stall only bodies starting at one offset, or null
 * @param rate                 throttle every body to this many bytes per second (0 = off)
 * @param slowRange            throttle only bodies starting at one offset, or null
 * @param change               replace the content after some requests, or null
 * @param redirect             redirect instead of serving, or null
 * @param latency              extra delay before the response headers, on top of the server-wide latency
 */
public record Behaviour(
        boolean noRanges,
        boolean rangeAnsweredWith200,
        long shiftedRange,
        String contentDisposition,
        boolean noContentLength,
        boolean gzip,
        FailFirst failFirst,
        int status,
        String retryAfter,
        Truncation truncation,
        long stallAfter,
        StalledRange stalledRange,
        long rate,
        SlowRange slowRange,
        ContentChange change,
        Redirect redirect,
        Duration latency) {

    /** Serve the content correctly. */
    public static final Behaviour NORMAL = builder().build();

    /** The first {@code count} requests answer {@code status}. */
    public record FailFirst(int count, int status) {
        public FailFirst {
            requirePositive(count, "count");
            requireStatus(status);
        }
    }

    /** The first {@code responses} bodies are cut after {@code afterBytes} bytes. */
    public record Truncation(int responses, long afterBytes) {
        public Truncation {
            requirePositive(responses, "responses");
            requireNonNegative(afterBytes, "afterBytes");
        }
    }

    /**
     * Bodies starting exactly at {@code offset} (0 includes whole-body answers) are throttled once their
     * first {@code afterBytes} have gone at full speed (0: from the first byte).
     */
    public record SlowRange(long offset, long afterBytes, long bytesPerSecond) {
        public SlowRange {
            requireNonNegative(offset, "offset");
            requireNonNegative(afterBytes, "afterBytes");
            requirePositive(bytesPerSecond, "bytesPerSecond");
        }
    }

    /** Bodies starting exactly at {@code offset} (0 includes whole-body answers) stall after {@code afterBytes}. */
    public record StalledRange(long offset, long afterBytes) {
        public StalledRange {
            requireNonNegative(offset, "offset");
            requireNonNegative(afterBytes, "afterBytes");
        }
    }

    /** After {@code afterRequests} requests the path serves {@code content}, with a new validator. */
    public record ContentChange(int afterRequests, Content content) {
        public ContentChange {
            requireNonNegative(afterRequests, "afterRequests");
            Objects.requireNonNull(content, "content");
        }
    }

    /** Answer {@code status} with {@code Location: location} (relative or absolute). */
    public record Redirect(String location, int status) {
        public Redirect {
            Objects.requireNonNull(location, "location");
            if (status < 300 || status > 399) {
                throw new IllegalArgumentException("not a redirect status: " + status);
            }
        }
    }

    public Behaviour {
        Objects.requireNonNull(latency, "latency");
        if (status != 0) {
            requireStatus(status);
        }
        if (stallAfter < -1) {
            throw new IllegalArgumentException("stallAfter must be >= 0 (or -1 for off): " + stallAfter);
        }
        requireNonNegative(rate, "rate");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("negative latency: " + latency);
        }
    }

    public static BehaviourBuilder builder() {
        return new BehaviourBuilder();
    }

    /** A builder preset with this behaviour, to derive a variant. */
    public BehaviourBuilder toBuilder() {
        return new BehaviourBuilder(this);
    }

    /** Whether the response advertises {@code Accept-Ranges: bytes}. */
    boolean advertisesRanges() {
        return !noRanges && !noContentLength && !gzip;
    }

    /** Where a body starting at {@code offset} stalls: a body offset, or -1 for never. */
    long stallAfterFor(long offset) {
        return stalledRange != null && stalledRange.offset() == offset ? stalledRange.afterBytes() : stallAfter;
    }

    /** Throttle for a body starting at {@code offset}: bytes per second, 0 for none. */
    long rateFor(long offset) {
        return slowRange != null && slowRange.offset() == offset ? slowRange.bytesPerSecond() : rate;
    }

    /** Body bytes sent at full speed before the throttle of {@link #rateFor} starts. */
    long throttleAfterFor(long offset) {
        return slowRange != null && slowRange.offset() == offset ? slowRange.afterBytes() : 0;
    }

    static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0: " + value);
        }
    }

    static void requireNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0: " + value);
        }
    }

    static void requireStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
    }
}
