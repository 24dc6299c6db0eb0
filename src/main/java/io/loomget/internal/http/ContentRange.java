package io.loomget.internal.http;

import java.util.Optional;

/**
 * A parsed {@code Content-Range} header (RFC 9110 §14.4): {@code bytes first-last/complete} or,
 * for 416 answers, {@code bytes *}{@code /complete}. {@code first} is -1 for the unsatisfied form;
 * {@code complete} is -1 when the server wrote {@code *}.
 */
public record ContentRange(long first, long last, long complete) {

    /**
     * The header's value, or empty when it is not exactly {@code bytes first-last/complete} or
     * {@code bytes *}{@code /complete} (surrounding whitespace aside). Read by hand rather than by a
     * regular expression: every file's first answer is checked here.
     */
    public static Optional<ContentRange> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        int from = skipSpace(header, 0);
        int to = header.length();
        while (to > from && isSpace(header.charAt(to - 1))) {
            to--;
        }
        if (!header.startsWith("bytes", from) || from + 5 >= to || !isSpace(header.charAt(from + 5))) {
            return Optional.empty();
        }
        var spec = header.substring(skipSpace(header, from + 5), to);
        try {
            if (spec.startsWith("*/")) {
                long complete = digits(spec, 2, spec.length());
                return complete < 0 ? Optional.empty() : Optional.of(new ContentRange(-1, -1, complete));
            }
            int dash = spec.indexOf('-');
            int slash = spec.indexOf('/', dash + 1);
            if (dash < 0 || slash < 0) {
                return Optional.empty();
            }
            long first = digits(spec, 0, dash);
            long last = digits(spec, dash + 1, slash);
            boolean unknown = spec.length() == slash + 2 && spec.charAt(slash + 1) == '*';
            long complete = unknown ? -1 : digits(spec, slash + 1, spec.length());
            if (first < 0 || last < first || (!unknown && (complete < 0 || last >= complete))) {
                return Optional.empty();
            }
            return Optional.of(new ContentRange(first, last, complete));
        } catch (NumberFormatException tooLong) {
            return Optional.empty();
        }
    }

    /** The number written in {@code s} from {@code from} to {@code to}: ASCII digits only; -1 for anything else. */
    private static long digits(String s, int from, int to) {
        if (from >= to) {
            return -1;
        }
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(s, from, to, 10);
    }

    /** Whitespace as HTTP writers use it (the characters of the regular expression {@code \s}). */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static int skipSpace(String s, int from) {
        int i = from;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    public long length() {
        return first < 0 ? 0 : last - first + 1;
    }

    /** True when this is exactly the range {@code [first, last]} of a representation of {@code complete} bytes. */
    public boolean is(long first, long last, long complete) {
        return this.first == first && this.last == last && this.complete == complete;
    }

    @Override
    public String toString() {
        return first < 0 ? "bytes */" + complete : "bytes " + first + "-" + last + "/" + (complete < 0 ? "*" : complete);
    }
}
