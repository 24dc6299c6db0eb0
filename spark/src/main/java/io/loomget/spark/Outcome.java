package io.loomget.spark;

import java.io.Serializable;

/**
 * How one URL ended, as the manifest records it; filled in by {@link Loomget} from the engine's result.
 *
 * @param outcome    {@code downloaded}, {@code up_to_date} ({@code -N}: the file on disk is the server's
 *                   current version and was kept), {@code not_found} or {@code failed}
 * @param httpStatus the status that decided it (200 for a download, 304 for a file up to date), or null
 *                   when no answer decided it
 * @param localFile  where the engine committed the file (under the local or staging root), or null
 * @param attempts   1 + the range attempts the engine retried for this file
 */
public record Outcome(String url, String outcome, Integer httpStatus, long bytes, String sha256,
                      java.nio.file.Path localFile, String error, int attempts, long elapsedMs) implements Serializable {

    public static final String DOWNLOADED = "downloaded";
    /** With {@code -N}: the file was there, the server's current version, and kept (the CLI's "up to date"). */
    public static final String UP_TO_DATE = "up_to_date";
    public static final String NOT_FOUND = "not_found";
    public static final String FAILED = "failed";

    Outcome failedAfter(String why) {
        return new Outcome(url, FAILED, null, 0, null, null, why, attempts, elapsedMs);
    }
}
