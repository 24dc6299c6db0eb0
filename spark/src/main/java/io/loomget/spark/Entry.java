package io.loomget.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One line of input, read and checked: a URL to fetch, or a problem with the input ({@code problem}
 * set, the rest possibly null). Plain data, so that Spark can move it without loomget's classes.
 *
 * @param out         the relative path the input asked for ({@code dir=} and {@code out=} joined), or null
 * @param checksum    {@code ALGO=HEX}, or null
 * @param connections aria2's {@code split=}, or null for {@code -x}
 * @param source      where it came from, for messages ({@code file@offset:line}, {@code table row})
 */
public record Entry(String url, String out, String checksum, Integer connections, Map<String, String> headers,
                    List<String> mirrors, String source, String problem) implements Serializable {

    public Entry {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        mirrors = mirrors == null ? List.of() : List.copyOf(mirrors);
    }

    static Entry problem(String source, String message) {
        return new Entry(null, null, null, null, Map.of(), List.of(), source, message);
    }
}
