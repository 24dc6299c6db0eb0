package io.loomget.internal.http;

import io.loomget.Version;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * What the engine asks of HTTP: a GET of a byte range or of the whole representation, its body
 * read in chunks. {@link JdkTransport} is the one real implementation; tests put a fake in its place,
 * and a second transport would not touch the engine.
 */
public interface Transport extends AutoCloseable {

    String USER_AGENT = "loomget/" + Version.NUMBER;

    /**
     * Sends a GET for {@code range} (with {@code If-Range: ifRange} when not null); returns once the
     * status line and headers are in. {@link Answer#uri()} is where redirects ended.
     */
    Answer get(URI uri, ByteRange range, String ifRange, Map<String, String> extraHeaders)
            throws IOException, InterruptedException;

    /** Sends a GET for the whole representation, which must be answered 200 (else an {@link HttpStatusException}). */
    Answer getWhole(URI uri, Map<String, String> extraHeaders) throws IOException, InterruptedException;

    /** Stops now: exchanges still in flight are aborted. */
    @Override
    void close();
}
