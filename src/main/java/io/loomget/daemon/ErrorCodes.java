package io.loomget.daemon;

import io.loomget.FileResult;

/**
 * How a download ended, as aria2's {@code errorCode} and {@code errorMessage}: the one place that
 * maps results to aria2's codes (0 done, 3 not found, 31 removed, 1 anything else).
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
            case FileResult.Failed f -> new Code("1", f.reason());
        };
    }
}
