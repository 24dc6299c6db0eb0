package io.loomget.internal.http;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed {@code Content-Range} header (RFC 9110 §14.4): {@code bytes first-last/complete} or,
 * for 416 answers, {@code bytes *}{@code /complete}. {@code first} is -1 for the unsatisfied form;
 * {@code complete} is -1 when the server wrote {@code *}.
 */
public record ContentRange(long first, long last, long complete) {

    private static final Pattern SATISFIED = Pattern.compile("\\s*bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)\\s*");
    private static final Pattern UNSATISFIED = Pattern.compile("\\s*bytes\\s+\\*/(\\d+)\\s*");

    public static Optional<ContentRange> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        try {
            var m = SATISFIED.matcher(header);
            if (m.matches()) {
                long first = Long.parseLong(m.group(1));
                long last = Long.parseLong(m.group(2));
                long complete = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
                if (last < first || (complete >= 0 && last >= complete)) {
                    return Optional.empty();
                }
                return Optional.of(new ContentRange(first, last, complete));
            }
            var u = UNSATISFIED.matcher(header);
            if (u.matches()) {
                return Optional.of(new ContentRange(-1, -1, Long.parseLong(u.group(1))));
            }
        } catch (NumberFormatException tooLong) {
            return Optional.empty();
        }
        return Optional.empty();
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
