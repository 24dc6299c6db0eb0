package io.loomget.internal.http;

import io.loomget.internal.engine.Printable;
import java.net.http.HttpRequest;

/**
 * One extra request header as a user writes it, {@code Name: value} ({@code -H} or an input file's
 * {@code header=} line), checked once when it is read: a header the HTTP client refuses to send
 * ({@code Host}, {@code Connection}, {@code Content-Length}, ...) or one the engine sets itself
 * ({@code Range}, the conditionals) is a mistake in the input, not a download failure later.
 */
public record HeaderLine(String name, String value) {

    /**
     * Headers the engine sets itself, by lower-case name, with why: a user's would turn every range
     * into the same bytes, or make a normal answer a 304 or a 412 the download cannot use.
     */
    private static final java.util.Map<String, String> OWNED = java.util.Map.of(
            "range", "loomget asks for each range itself (-x, -s, -k; -c continues a part file)",
            "if-range", "loomget sends it with every range of a file it continues",
            "if-modified-since", "use -N (--conditional-get), which sends it for a file already on disk",
            "if-none-match", "use -N (--conditional-get), which sends it for a file already on disk",
            "if-unmodified-since", "loomget checks that a file did not change between its ranges itself",
            "if-match", "loomget checks that a file did not change between its ranges itself");

    /**
     * Adds this header to {@code headers}, as a user's repeated lines ask for: a name already there (in
     * any case) gets this value after its own, comma-separated as HTTP combines a repeated field
     * ({@code ;} for {@code Cookie}), where a map would keep only the last (curl and aria2 send both).
     */
    public void addTo(java.util.Map<String, String> headers) {
        for (var entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                entry.setValue(entry.getValue() + (name.equalsIgnoreCase("Cookie") ? "; " : ", ") + value);
                return;
            }
        }
        headers.put(name, value);
    }

    /** Parses {@code Name: value}; the message of the exception says what is wrong, for the user. */
    public static HeaderLine parse(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("header must be 'Name: value', got '" + Printable.of(line) + "'");
        }
        var name = line.substring(0, colon).strip();
        var value = line.substring(colon + 1).strip();
        check(name, value);
        return new HeaderLine(name, value);
    }

    /**
     * The one rule for {@code -H}, {@code header=}, RPC options and the library's settings and requests:
     * refuses a header the HTTP client would refuse later ({@code Host}, {@code Connection},
     * {@code Content-Length}, ...), one the engine sets itself ({@code Range}, {@code If-Range},
     * the conditionals) or one with characters a header cannot carry.
     *
     * @throws IllegalArgumentException naming the header and why
     */
    public static void check(String name, String value) {
        var owned = OWNED.get(name.toLowerCase(java.util.Locale.ROOT));
        if (owned != null) {
            throw new IllegalArgumentException("header '" + Printable.of(name) + "' cannot be set: " + owned);
        }
        try {
            HttpRequest.newBuilder().header(name, value);
        } catch (IllegalArgumentException e) {
            // the JDK quotes the value as given: a line break in it would break the one-line error in two
            throw new IllegalArgumentException("header '" + Printable.of(name) + "' cannot be set: "
                    + Printable.of(e.getMessage()), e);
        }
    }
}
