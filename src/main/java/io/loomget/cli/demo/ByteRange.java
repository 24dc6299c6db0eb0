package io.loomget.cli.demo;

/**
 * What a {@code Range} header asks of a body of known size (RFC 9110 §14.1.2, single ranges only):
 * the demo's server and the tests' fault-injecting server read ranges this one way.
 */
public sealed interface ByteRange {

    /** Bytes {@code first..last}, both inclusive and inside the body. */
    record Satisfiable(long first, long last) implements ByteRange {
        public long length() {
            return last - first + 1;
        }
    }

    /** Syntactically fine but no byte of it exists: 416. */
    record Unsatisfiable() implements ByteRange {}

    /** Malformed, another unit, or several ranges: serve the whole body. */
    record Ignored() implements ByteRange {}

    static ByteRange parse(String header, long size) {
        String h = header.strip();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return new Ignored();
        }
        String spec = h.substring(6).strip();
        int dash = spec.indexOf('-');
        if (spec.indexOf(',') >= 0 || dash < 0) {
            return new Ignored();
        }
        String from = spec.substring(0, dash).strip();
        String to = spec.substring(dash + 1).strip();
        if (from.isEmpty()) { // suffix: the last n bytes
            long n = digits(to);
            if (n < 0) {
                return new Ignored();
            }
            return n == 0 || size == 0 ? new Unsatisfiable() : new Satisfiable(Math.max(0, size - n), size - 1);
        }
        long first = digits(from);
        long last = to.isEmpty() ? Long.MAX_VALUE : digits(to);
        if (first < 0 || last < 0 || last < first) {
            return new Ignored();
        }
        return first >= size ? new Unsatisfiable() : new Satisfiable(first, Math.min(last, size - 1));
    }

    /** A non-negative decimal, saturating at Long.MAX_VALUE; -1 if not all digits. */
    private static long digits(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : value * 10 + (c - '0');
        }
        return value;
    }
}
