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
