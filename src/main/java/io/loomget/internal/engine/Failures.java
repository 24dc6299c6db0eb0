package io.loomget.internal.engine;

import io.loomget.FailureReason;
import io.loomget.internal.http.HttpStatusException;
import io.loomget.internal.http.JdkTransport;
import io.loomget.internal.http.ProxyConnectException;
import io.loomget.internal.http.RedirectHop;
import io.loomget.internal.http.StalledException;
import io.loomget.internal.http.TlsProblem;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.FileSystemException;
import java.util.Optional;

/** Which failures may go away when asked again, what kind they are, and how to say them in one line. */
final class Failures {

    private Failures() {}

    static boolean isTransient(Throwable t) {
        return switch (t) {
            case HttpStatusException status -> status.isTransient();
            case RangeNotHonouredException notHonoured -> false;
            case LocalWriteException local -> false;
            case PartInUseException inUse -> false;
            case VerificationException wrong -> false;
            case ClosedByInterruptException interrupted -> false;
            case UnknownHostException unknown -> false;
            case IOException io -> !isUnresolved(io) && !isProtocolError(io) && TlsProblem.of(io).isEmpty();
            default -> false;
        };
    }

    /** What kind of failure {@code t} is, for {@link io.loomget.FileResult.Failed#kind()}. */
    static FailureReason reason(Throwable t) {
        var tls = TlsProblem.of(t);
        if (tls.isPresent()) {
            return tls.get().kind();
        }
        return switch (t) {
            case HttpStatusException s when s.isRedirectLimit() -> FailureReason.Kind.TOO_MANY_REDIRECTS;
            case HttpStatusException s -> new FailureReason.HttpStatus(s.status());
            case VerificationException wrong -> wrong.kind();
            case LocalWriteException local -> isDiskFull(local) ? FailureReason.Kind.DISK_FULL : FailureReason.Kind.LOCAL_WRITE;
            case PartInUseException inUse -> FailureReason.Kind.LOCAL_WRITE;
            case java.nio.file.InvalidPathException name -> FailureReason.Kind.LOCAL_WRITE;
            case FileSystemException local -> isDiskFull(local) ? FailureReason.Kind.DISK_FULL : FailureReason.Kind.LOCAL_WRITE;
            case HttpTimeoutException timeout -> FailureReason.Kind.TIMEOUT;
            case StalledException stalled -> FailureReason.Kind.TIMEOUT;
            case IOException io when isUnresolved(io) -> FailureReason.Kind.NAME_RESOLUTION;
            case IOException io when isProtocolError(io) -> FailureReason.Kind.PROTOCOL;
            case IOException io -> isDiskFull(io) ? FailureReason.Kind.DISK_FULL : FailureReason.Kind.NETWORK;
            default -> FailureReason.Kind.UNKNOWN;
        };
    }

    /** A host name that does not resolve: the JDK client wraps that two levels deep in connect failures. */
    private static boolean isUnresolved(Throwable t) {
        return causes(t).anyMatch(c -> c instanceof UnknownHostException || c instanceof UnresolvedAddressException);
    }

    /**
     * An answer that is not valid HTTP (a malformed status line or header, headers too large, an HTTP/2
     * protocol error): the JDK client says so with a {@link ProtocolException}, sometimes wrapped. The
     * server sends the same bytes when asked again, so this is final at once.
     */
    private static boolean isProtocolError(Throwable t) {
        return causes(t).anyMatch(c -> c instanceof ProtocolException);
    }

    /**
     * ENOSPC or EDQUOT as Java reports them: "No space left on device" or "Disk quota exceeded" in the
     * message of some exception of the chain. A quota is a full disk for this user: no retry helps, and
     * freeing space then {@code -c} goes on.
     */
    private static boolean isDiskFull(Throwable t) {
        return causes(t).anyMatch(c -> c.getMessage() != null
                && (c.getMessage().contains("No space left on device") || c.getMessage().contains("Disk quota exceeded")));
    }

    /** {@code t} and its causes, outermost first. */
    private static java.util.stream.Stream<Throwable> causes(Throwable t) {
        return java.util.stream.Stream.iterate(t, c -> c != null, c -> c.getCause() == c ? null : c.getCause());
    }

    /**
     * Like {@link #isTransient(Throwable)}, for a request to {@code uri}: a connection refused by a
     * loopback address is final at once, as curl and aria2 treat it (nothing listens there, and
     * nothing will in the seconds a retry waits). Through a proxy, the proxy is what refused.
     */
    static boolean isTransient(Throwable t, java.net.URI uri) {
        if (!isTransient(t)) {
            return false;
        }
        if (!isConnectionRefused(t)) {
            return true;
        }
        var proxy = proxyFailure(t);
        return !(proxy.isPresent() ? isLoopback(proxy.get().host()) : isLoopback(uri));
    }

    /** The failure to reach a proxy somewhere in {@code t}'s chain. */
    private static Optional<ProxyConnectException> proxyFailure(Throwable t) {
        return causes(t).flatMap(c -> c instanceof ProxyConnectException p ? java.util.stream.Stream.of(p)
                : java.util.stream.Stream.empty()).findFirst();
    }

    /** A refused connection, as the JDK client reports it ({@link JdkTransport#isConnectionRefused}). */
    static boolean isConnectionRefused(Throwable t) {
        return JdkTransport.isConnectionRefused(t);
    }

    /** {@code localhost}, or a literal address of the loopback range: no name lookup. */
    static boolean isLoopback(java.net.URI uri) {
        return isLoopback(uri.getHost());
    }

    private static boolean isLoopback(String host) {
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

    /** How the JDK client says that a connection ended: the server closed it. */
    private static final String EOF = "EOF reached while reading";
    private static final java.util.regex.Pattern FIXED_LENGTH =
            java.util.regex.Pattern.compile("fixed content-length: (\\d+), bytes received: (\\d+)");

    /**
     * A body the connection cut short, which the JDK client says in its parser's words ("fixed
     * content-length: 11, bytes received: 5", "chunked transfer encoding, state: READING_DATA") over
     * what ended the connection, said as what happened; null for any other failure.
     */
    private static String cutShort(Throwable t) {
        var message = t.getMessage();
        if (EOF.equals(message)) {
            return "the server closed the connection before the answer ended";
        }
        if (message == null || !(t.getCause() instanceof IOException cause)) {
            return null;
        }
        var fixed = FIXED_LENGTH.matcher(message);
        if (fixed.matches()) {
            return "the answer ended after " + fixed.group(2) + " of " + fixed.group(1) + " bytes: " + ended(cause);
        }
        return message.startsWith("chunked transfer encoding, state: ")
                ? "the answer ended before its last chunk: " + ended(cause) : null;
    }

    private static String ended(IOException cause) {
        return EOF.equals(cause.getMessage()) ? "the server closed the connection" : words(cause);
    }

    /**
     * One line for the user: the exception's type when its message says too little. Every view (terminal,
     * log, --json, the daemon's errorMessage) prints this, and the JDK quotes what the server sent in its
     * messages (a malformed header's value, say): so nothing leaves here that a terminal would act on.
     */
    static String describe(Throwable t) {
        return Printable.of(words(t) + redirected(t));
    }

    /** Where the request failed, when a redirect took it away from the URL the line names. */
    private static String redirected(Throwable t) {
        for (var suppressed : t.getSuppressed()) {
            if (suppressed instanceof RedirectHop hop) {
                return " (" + hop.getMessage() + ")";
            }
        }
        return "";
    }

    private static String words(Throwable t) {
        var message = t.getMessage();
        var tls = TlsProblem.of(t);
        if (tls.isPresent()) {
            return tls.get().words();
        }
        if (t instanceof UnknownHostException) {
            return "could not resolve host " + message;
        }
        // Before the name lookup below: a proxy's name that does not resolve is said with the proxy's name
        var proxy = proxyFailure(t);
        if (proxy.isPresent()) {
            return proxy.get().getMessage();
        }
        if (t instanceof java.nio.file.InvalidPathException name && name.getMessage().startsWith("Malformed input")) {
            // The JVM encodes file names in the locale's character set: LANG=C has no room for 名前 or 😀
            return "cannot save as " + name.getInput() + ": the locale's character set ("
                    + System.getProperty("sun.jnu.encoding") + ") cannot write this name; run with a UTF-8 locale"
                    + " (LANG=C.UTF-8)";
        }
        var cut = cutShort(t);
        if (cut != null) {
            return cut;
        }
        var protocol = causes(t).filter(c -> c instanceof ProtocolException && c.getMessage() != null).findFirst();
        if (protocol.isPresent()) {
            return "bad HTTP response: " + protocol.get().getMessage().lines().findFirst().orElse("");
        }
        if (isUnresolved(t)) {
            return "could not resolve host";
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
            return cause != null && cause != t ? words(cause) : t.getClass().getSimpleName();
        }
        // The JDK names only the path for these: a bare path is no reason
        if (t instanceof java.nio.file.NoSuchFileException missing && missing.getReason() == null) {
            return "no such file: " + message;
        }
        if (t instanceof java.nio.file.AccessDeniedException denied && denied.getReason() == null) {
            return "permission denied: " + message;
        }
        if (t instanceof java.nio.file.FileAlreadyExistsException exists && exists.getReason() == null) {
            return "a file is in the way: " + message; // a directory to create, say: the output directory
        }
        if (t instanceof java.nio.file.NotDirectoryException notDirectory && notDirectory.getReason() == null) {
            return "not a directory: " + message;
        }
        if (t instanceof java.net.ConnectException && !message.contains("onnect")) {
            return "cannot connect: " + message;
        }
        return message.lines().findFirst().orElse(message);
    }
}
