package io.loomget.daemon;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

/**
 * The RPC secret ({@code --rpc-secret}): a call's {@code "token:SECRET"} is compared in constant time
 * (digests of equal length, {@link MessageDigest#isEqual}), and a wrong one is answered only after a
 * delay, as aria2 does, to slow down guessing. The delay sleeps the caller's own virtual thread, so
 * other clients are served meanwhile; a WebSocket connection sends that answer late without holding
 * up its own later answers ({@link #DEFERRED}).
 */
final class Token {

    static final String PREFIX = "token:";

    private final byte[] secretDigest;
    private final Duration delay;

    /** {@code secret} null: every call is allowed. */
    Token(String secret, Duration delay) {
        this.secretDigest = secret == null ? null : digest(secret);
        this.delay = delay;
    }

    /**
     * Where a caller that answers later (a WebSocket connection, whose next messages must not wait behind
     * a wrong token) takes the delay it owes instead of sleeping: bound around one request's handling.
     */
    static final ScopedValue<Delay> DEFERRED = ScopedValue.newInstance();

    /** The delay one request's answer owes: none until a wrong token is seen. */
    static final class Delay {
        private Duration owed = Duration.ZERO;

        Duration owed() {
            return owed;
        }
    }

    /**
     * @throws RpcError "Unauthorized", after the delay (or, with {@link #DEFERRED} bound, with the delay
     *                  owed by the answer), when {@code given} (without its prefix) is not the secret
     */
    void check(String given) {
        if (secretDigest == null) {
            return;
        }
        if (given == null || !MessageDigest.isEqual(secretDigest, digest(given))) {
            if (DEFERRED.isBound()) {
                DEFERRED.get().owed = delay;
            } else {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            throw RpcError.of("Unauthorized");
        }
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
