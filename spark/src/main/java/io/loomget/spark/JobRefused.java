package io.loomget.spark;

import java.io.Serial;

/**
 * The job will not start: a path it cannot use or a setting that would break its guarantees. The
 * message is one line naming the problem; {@code SparkMain} prints it and exits with 2.
 */
public final class JobRefused extends IllegalStateException {

    @Serial
    private static final long serialVersionUID = 1L;

    public JobRefused(String message) {
        super(message);
    }

    public JobRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
