package io.loomget.internal.engine;

import java.io.IOException;

/**
 * With {@code -c}: the part file this download would continue is locked by another loomget run that
 * downloads the same URL. Final: asking again while that run goes on would find it locked still.
 */
final class PartInUseException extends IOException {
    PartInUseException(String message) {
        super(message);
    }
}
