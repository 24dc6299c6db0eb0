package io.loomget.internal.http;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * What a server answered to one GET, once its status line and headers are in: the engine's view of a
 * response, whatever the transport.
 *
 * @param uri  where the request ended up, after any redirects it followed
 * @param tls  the TLS session it came over, if any (to say why a server refused a client certificate)
 * @param body the body, read in chunks; closing it drops what is unread
 */
public record Answer(int status, HttpHeaders headers, URI uri, Optional<SSLSession> tls, BodyChunks body) {

    /** An answer over plain HTTP (or where the TLS session does not matter). */
    public Answer(int status, HttpHeaders headers, URI uri, BodyChunks body) {
        this(status, headers, uri, Optional.empty(), body);
    }
}
