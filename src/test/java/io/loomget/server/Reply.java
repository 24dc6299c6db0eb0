package io.loomget.server;

import java.util.Map;

/** The decided answer to one request, before any byte is written. */
sealed interface Reply {

    int status();

    Map<String, String> headers();

    /** A short text body (errors, redirects, 416). */
    record Message(int status, Map<String, String> headers, String text) implements Reply {}

    /** Bytes {@code [offset, offset + length)} of a content; the throttle starts after {@code throttleAfter} bytes. */
    record Entity(int status, Map<String, String> headers, Content content, long offset, long length,
                  Framing framing, long stallAfter, long bytesPerSecond, long throttleAfter) implements Reply {}

    enum Framing {
        /** {@code Content-Length}. */
        FIXED,
        /** {@code Transfer-Encoding: chunked}, no length. */
        CHUNKED,
        /** Chunked, gzip-encoded. */
        GZIP
    }
}
