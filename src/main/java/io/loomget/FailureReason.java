package io.loomget;

/**
 * Why a file {@linkplain FileResult.Failed failed}, as a type to switch over: the summary, {@code --json}
 * and callers that map failures to codes of their own (aria2's numeric error codes, for instance) read
 * this rather than the message. A file the server says does not exist is not a failure of this kind but
 * a {@link FileResult.NotFound}.
 *
 * <pre>{@code
 * switch (failed.kind()) {
 *     case FailureReason.HttpStatus s when s.code() == 401 || s.code() == 403 -> askForCredentials();
 *     case FailureReason.HttpStatus s -> report("HTTP " + s.code());
 *     case FailureReason.Kind k -> report(k.label());
 * }
 * }</pre>
 */
public sealed interface FailureReason permits FailureReason.Kind, FailureReason.HttpStatus {

    /** A short lower-case name, stable for scripts: {@code --json} writes it as the {@code reason} field. */
    String label();

    /** Every reason that needs no detail beyond its name. */
    enum Kind implements FailureReason {
        /** Connecting failed or the connection broke (refused, reset, closed early, unreachable). */
        NETWORK("network"),
        /** The host name does not resolve to an address. */
        NAME_RESOLUTION("name-resolution"),
        /** The server's certificate does not verify: unknown issuer, expired, or for another host name. */
        TLS_CERTIFICATE("tls-certificate"),
        /**
         * The TLS handshake failed for another reason (no common protocol or cipher, a rejected client
         * certificate, a server that answers in plain HTTP).
         */
        TLS_HANDSHAKE("tls-handshake"),
        /** The server's answer is not valid HTTP (a malformed status line or header): asking again would not mend it. */
        PROTOCOL("protocol"),
        /** No answer, or no bytes, within the connect or idle timeout. */
        TIMEOUT("timeout"),
        /** The file changed on the server while it was being downloaded (its size or validator moved). */
        CHANGED_ON_SERVER("changed-on-server"),
        /** The complete file does not match the checksum the request gave. */
        CHECKSUM_MISMATCH("checksum-mismatch"),
        /** The local file system is full, or the user's disk quota is used up. */
        DISK_FULL("disk-full"),
        /** Creating or writing the local file failed for another reason (permissions, read-only, I/O error). */
        LOCAL_WRITE("local-write"),
        /** Redirects went on for too long, or in a loop. */
        TOO_MANY_REDIRECTS("too-many-redirects"),
        /** Anything not named here; the message says what. */
        UNKNOWN("unknown");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }
    }

    /**
     * The server answered with a status that is not a success, a redirect followed, or not found: an
     * error after the retries ran out (5xx, 429), or a refusal at once (other 4xx, e.g. 401 and 403).
     */
    record HttpStatus(int code) implements FailureReason {
        @Override
        public String label() {
            return "http-status";
        }
    }
}
