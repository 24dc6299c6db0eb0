package io.loomget.internal.engine;

import io.loomget.internal.http.HttpStatusException;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Optional;

/** Which failures may go away when asked again, and how to say a failure in one line. */
final class Failures {

    private Failures() {}

    static boolean isTransient(Throwable t) {
        return switch (t) {
            case HttpStatusException status -> status.isTransient();
            case RangeNotHonouredException notHonoured -> false;
            case LocalWriteException local -> false;
            case ClosedByInterruptException interrupted -> false;
            case UnknownHostException unknown -> false;
            case IOException io -> !(io.getCause() instanceof UnresolvedAddressException);
            default -> false;
        };
    }

    /**
     * Like {@link #isTransient(Throwable)}, for a request to {@code uri}: a connection refused by a
     * loopback address is final at once, as curl and aria2 treat it (nothing listens there, and
     * nothing will in the seconds a retry waits).
     */
    static boolean isTransient(Throwable t, java.net.URI uri) {
        return isTransient(t) && !(isConnectionRefused(t) && isLoopback(uri));
    }

    /**
     * The JDK client reports a refused connection as a {@link java.net.ConnectException} without a
     * message whose cause is a {@link java.nio.channels.ClosedChannelException} (the selector saw the
     * connect fail and closed the channel); other connect failures carry their own message.
     */
    static boolean isConnectionRefused(Throwable t) {
        for (var c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            var message = c.getMessage();
            if (message != null && message.toLowerCase(java.util.Locale.ROOT).contains("refused")) {
                return true;
            }
            if (c instanceof java.net.ConnectException && c.getCause() instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    /** {@code localhost}, or a literal address of the loopback range: no name lookup. */
    static boolean isLoopback(java.net.URI uri) {
        var host = uri.getHost();
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return java.net.InetAddress.ofLiteral(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)
                    .isLoopbackAddress();
        } catch (IllegalArgumentException notALiteral) {
            return false;
        }
    }

    /**
     * The host turned the connection away rather than failed it: 503 or 429, a refused connection, or
     * one reset before it answered. Such failures shrink the host's connection budget ({@link HostBudget}).
     */
    static boolean isRefusal(Throwable t) {
        return switch (t) {
            case HttpStatusException s -> s.status() == 503 || s.status() == 429;
            case java.net.ConnectException c -> true;
            case java.net.SocketException s -> String.valueOf(s.getMessage()).contains("reset");
            default -> t.getCause() instanceof java.net.ConnectException;
        };
    }

    static Optional<java.time.Duration> retryAfter(Throwable t) {
        return t instanceof HttpStatusException s ? s.retryAfter() : Optional.empty();
    }

    /** One line for the user: the exception's type when its message says too little. */
    static String describe(Throwable t) {
        var message = t.getMessage();
        if (t instanceof UnknownHostException) {
            return "unknown host " + message;
        }
        if (t.getCause() instanceof UnresolvedAddressException) {
            return "unknown host";
        }
        if (t instanceof java.net.ConnectException && (message == null || message.isBlank()) && isConnectionRefused(t)) {
            return "cannot connect: connection refused";
        }
        if (message == null || message.isBlank()) {
            if (t instanceof java.nio.channels.ClosedChannelException) {
                return "connection closed by the server"; // the JDK client says no more than the type
            }
            if (t instanceof java.net.ConnectException) {
                return "cannot connect";
            }
            var cause = t.getCause();
            return cause != null && cause != t ? describe(cause) : t.getClass().getSimpleName();
        }
        if (t instanceof java.net.ConnectException && !message.contains("onnect")) {
            return "cannot connect: " + message;
        }
        return message.lines().findFirst().orElse(message);
    }
}
