package io.loomget.internal.http;

/**
 * The bytes {@code first} to {@code last} (both included) of a representation: what a range request
 * asks for, written into its {@code Range} header by the transport.
 */
public record ByteRange(long first, long last) {

    /** @throws IllegalArgumentException for a negative start or an empty range */
    public ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("not a byte range: " + first + "-" + last);
        }
    }

    /** The first {@code length} bytes. */
    public static ByteRange head(long length) {
        return new ByteRange(0, length - 1);
    }

    /** The {@code Range} header's value: {@code bytes=first-last}. */
    public String header() {
        return "bytes=" + first + "-" + last;
    }
}
