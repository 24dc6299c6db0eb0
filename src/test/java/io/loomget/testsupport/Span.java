package io.loomget.testsupport;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A closed byte range {@code [first, last]} as a request's {@code Range: bytes=first-last} names it;
 * {@code last} is -1 for the open form {@code bytes=first-}.
 */
public record Span(long first, long last) implements Comparable<Span> {

    private static final Pattern CLOSED_OR_OPEN = Pattern.compile("bytes=(\\d+)-(\\d*)");

    /** The span a {@code Range} header asks for; empty for null, suffix or malformed headers. */
    public static Optional<Span> ofRangeHeader(String header) {
        if (header == null) {
            return Optional.empty();
        }
        var m = CLOSED_OR_OPEN.matcher(header.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Span(Long.parseLong(m.group(1)), m.group(2).isEmpty() ? -1 : Long.parseLong(m.group(2))));
    }

    /** {@code [start, end)} in the engine's half-open terms. */
    public static Span halfOpen(long start, long end) {
        return new Span(start, end - 1);
    }

    public boolean isOpen() {
        return last < 0;
    }

    public boolean overlaps(Span other) {
        return !isOpen() && !other.isOpen() && first <= other.last && other.first <= last;
    }

    public String header() {
        return "bytes=" + first + "-" + (isOpen() ? "" : last);
    }

    @Override
    public int compareTo(Span o) {
        return first != o.first ? Long.compare(first, o.first) : Long.compare(last, o.last);
    }

    @Override
    public String toString() {
        return header();
    }
}
