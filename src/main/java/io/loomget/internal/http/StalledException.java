package io.loomget.internal.http;

import java.io.IOException;

/** A connection delivered no bytes for longer than the idle timeout: the attempt failed. */
public final class StalledException extends IOException {
    public StalledException(String message) {
        super(message);
    }
}
