package io.loomget.daemon;

import io.loomget.FailureReason;
import io.loomget.FileResult;

/**
 * How a download ended, as aria2's {@code errorCode} and {@code errorMessage}: the one place that
 * maps results to aria2's codes (its manual's EXIT STATUS list): 0 done, 3 not found, 31 removed, and
 * for failures the code of their {@link FailureReason}.
 */
final class ErrorCodes {

    record Code(String code, String message) {}

    private ErrorCodes() {}

    static Code of(FileResult result) {
        return switch (result) {
            case FileResult.Downloaded d -> new Code("0", "");
            case FileResult.AlreadyComplete c -> new Code("0", "");
            case FileResult.NotFound n -> new Code("3", "Resource not found");
            case FileResult.Cancelled c -> new Code("31", "");
            case FileResult.Failed f -> new Code(Integer.toString(code(f.kind())), f.reason());
        };
    }

    /** aria2's number for a failure's reason; 1 ("unknown error") where aria2 has none of its own. */
    static int code(FailureReason reason) {
        return switch (reason) {
            case FailureReason.HttpStatus s when s.code() == 401 -> 24; // authorization failed (a 403 is 22 in aria2 too)
            case FailureReason.HttpStatus s when s.code() == 503 -> 29; // temporarily overloaded or in maintenance
            case FailureReason.HttpStatus s -> 22; // bad or unexpected HTTP response
            case FailureReason.Kind k -> switch (k) {
                case TIMEOUT -> 2;
                case NETWORK -> 6;
                case DISK_FULL -> 9;
                case LOCAL_WRITE -> 17;
                case NAME_RESOLUTION -> 19;
                case PROTOCOL -> 22; // aria2: "HTTP response header was bad or unexpected"
                case TOO_MANY_REDIRECTS -> 23;
                case CHECKSUM_MISMATCH -> 32;
                case TLS_CERTIFICATE, TLS_HANDSHAKE, CHANGED_ON_SERVER, UNKNOWN -> 1;
            };
        };
    }
}
