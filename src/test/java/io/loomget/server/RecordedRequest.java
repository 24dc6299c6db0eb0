package io.loomget.server;

/**
 * One finished exchange as the server saw it.
 *
 * @param rangeHeader   the request's {@code Range}, or null
 * @param ifRange       the request's {@code If-Range}, or null
 * @param status        the status answered, or 0 if the exchange failed before one was chosen
 * @param bodyBytesSent body bytes handed to the connection (partial when cut or abandoned)
 */
public record RecordedRequest(
        String method, String path, String rangeHeader, String ifRange, int status, long bodyBytesSent) {}
