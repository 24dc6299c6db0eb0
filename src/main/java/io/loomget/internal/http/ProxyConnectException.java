package io.loomget.internal.http;

/**
 * A connection to the proxy, not to the URL's host, failed: the proxy's name did not resolve, or it
 * refused. Said with the proxy's name, since the URL's host was never asked; its host also tells
 * whether the refusal came from this computer (final at once, as for a loopback URL).
 */
public final class ProxyConnectException extends java.net.ConnectException {

    private final String host;

    ProxyConnectException(String host, int port, String reason, Throwable cause) {
        super("cannot connect to proxy " + host + ":" + port + (reason.isEmpty() ? "" : ": " + reason));
        this.host = host;
        initCause(cause);
    }

    /** The proxy's host as it was given: a name or a literal address. */
    public String host() {
        return host;
    }
}
