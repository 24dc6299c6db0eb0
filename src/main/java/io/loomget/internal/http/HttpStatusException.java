package io.loomget.internal.http;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** The server answered with a status that is not the one asked for. */
public final class HttpStatusException extends IOException {

    private final int status;
    private final transient Optional<Duration> retryAfter;

    public HttpStatusException(int status, Optional<Duration> retryAfter) {
        this(status, retryAfter, "");
    }

    /** With {@code detail} (", ..." or ": ...") after the status, e.g. why a redirect was not followed. */
    public HttpStatusException(int status, Optional<Duration> retryAfter, String detail) {
        super("HTTP " + status + reason(status) + detail);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    /** Statuses that may change if asked again (RFC 9110 and common practice). */
    public boolean isTransient() {
        return switch (status) {
            case 408, 425, 429, 500, 502, 503, 504 -> true;
            default -> false;
        };
    }

    public boolean isNotFound() {
        return status == 404 || status == 410;
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> " Bad Request";
            case 401 -> " Unauthorized";
            case 403 -> " Forbidden";
            case 404 -> " Not Found";
            case 408 -> " Request Timeout";
            case 410 -> " Gone";
            case 416 -> " Range Not Satisfiable";
            case 429 -> " Too Many Requests";
            case 500 -> " Internal Server Error";
            case 502 -> " Bad Gateway";
            case 503 -> " Service Unavailable";
            case 504 -> " Gateway Timeout";
            default -> "";
        };
    }
}
