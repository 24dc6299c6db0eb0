package io.loomget.server;

import java.io.IOException;

/**
 * Thrown out of the handler to make the JDK server drop the connection instead of finishing the
 * response; it logs this only at TRACE, so deliberate faults stay quiet. No stack trace: it is flow
 * control.
 */
final class ConnectionCut extends IOException {

    private static final long serialVersionUID = 1L;

    ConnectionCut(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
