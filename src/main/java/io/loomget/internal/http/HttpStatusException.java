package io.loomget.internal.http;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The server answered with a status that is not the one asked for. */
public final class HttpStatusException extends IOException {

    private final int status;
    private final transient Optional<Duration> retryAfter;
    private final boolean redirectLimit;

    public HttpStatusException(int status, Optional<Duration> retryAfter) {
        this(status, retryAfter, "");
    }

    /** With {@code detail} (", ..." or ": ...") after the status, e.g. why a redirect was not followed. */
    public HttpStatusException(int status, Optional<Duration> retryAfter, String detail) {
        this(status, retryAfter, detail, false);
    }

    private HttpStatusException(int status, Optional<Duration> retryAfter, String detail, boolean redirectLimit) {
        super("HTTP " + status + reason(status) + detail);
        this.status = status;
        this.retryAfter = retryAfter;
        this.redirectLimit = redirectLimit;
    }

    /** Redirects not followed any further: too many, or a loop ({@code detail} says which). */
    static HttpStatusException redirectLimit(int status, String detail) {
        return new HttpStatusException(status, Optional.empty(), detail, true);
    }

    /** Whether this is the end of a redirect chain too long or looping, rather than the server's own answer. */
    public boolean isRedirectLimit() {
        return redirectLimit;
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
            case 407 -> " Proxy Authentication Required";
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

    /** The status as a failure, with {@code Retry-After} when the server sent one. */
    public static HttpStatusException of(Answer response) {
        var retryAfter = response.headers().firstValue("Retry-After")
                .flatMap(v -> RetryAfter.parse(v, Clock.systemUTC()));
        return new HttpStatusException(response.status(), retryAfter,
                unfollowedRedirect(response) + clientCertificate(response) + proxyLogin(response));
    }

    /** A 407 is the proxy's, not the server's: say where its login goes. */
    private static String proxyLogin(Answer response) {
        return response.status() != 407 ? ""
                : ": the proxy wants a login it accepts; give it in the proxy's URL (http://USER:PASSWORD@HOST:PORT"
                + " in --proxy, http_proxy or https_proxy)";
    }

    /**
     * A refusal (400, 401, 403) from a server that asked for a client certificate during the handshake:
     * most likely about that certificate (nginx answers 400 to a missing or untrusted one), so say so.
     */
    private static String clientCertificate(Answer response) {
        int status = response.status();
        var session = response.tls().orElse(null);
        if ((status != 400 && status != 401 && status != 403) || session == null
                || session.getValue(ClientKey.ASKED) == null) {
            return "";
        }
        if (session.getLocalCertificates() == null) {
            return ": the server asked for a client certificate and got none; pass --certificate FILE --private-key FILE";
        }
        return status == 400 ? ": the server did not accept the client certificate (--certificate)" : "";
    }

    /**
     * A redirect still here was not followed by {@link JdkTransport#get}: say where it pointed, so the user sees
     * why, e.g. a downgrade from https to plain http.
     */
    private static String unfollowedRedirect(Answer response) {
        if (response.status() / 100 != 3) {
            return "";
        }
        var location = response.headers().firstValue("Location").orElse(null);
        if (location == null) {
            return ", without a Location";
        }
        try {
            var target = JdkTransport.withoutUserInfo(Location.resolve(response.uri(), location));
            boolean downgrade = "https".equalsIgnoreCase(response.uri().getScheme())
                    && "http".equalsIgnoreCase(target.getScheme());
            return ": redirect to " + target + " not followed" + (downgrade ? " (from https to plain http)" : "");
        } catch (IllegalArgumentException e) {
            return ": redirect to an invalid Location (" + location.strip() + ")";
        }
    }
}
