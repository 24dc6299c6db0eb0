package io.loomget.internal.engine;

import io.loomget.FailureReason;
import java.io.IOException;

/** The complete file is not the one asked for (its size moved, or its checksum differs): it is discarded. */
final class VerificationException extends IOException {

    private final FailureReason.Kind kind;

    VerificationException(FailureReason.Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** {@link FailureReason.Kind#CHANGED_ON_SERVER} or {@link FailureReason.Kind#CHECKSUM_MISMATCH}. */
    FailureReason.Kind kind() {
        return kind;
    }
}
