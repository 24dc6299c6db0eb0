package io.loomget.internal.engine;

import java.io.IOException;

/**
 * A ranged request came back as something other than exactly the bytes asked for (a 200 with the
 * whole body, a shifted {@code Content-Range}, another total). Nothing of it was written; the file
 * falls back to one plain stream.
 */
final class RangeNotHonouredException extends IOException {
    RangeNotHonouredException(String message) {
        super(message);
    }
}
