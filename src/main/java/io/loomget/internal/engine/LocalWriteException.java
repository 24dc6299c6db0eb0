package io.loomget.internal.engine;

import java.io.IOException;

/** Writing to the local disk failed (full, read-only, permissions): asking the server again cannot help. */
final class LocalWriteException extends IOException {
    LocalWriteException(String message, IOException cause) {
        super(message + ": " + Failures.describe(cause), cause);
    }
}
