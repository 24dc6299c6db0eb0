package io.loomget.internal.io;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The digest of a file computed from its bytes as they are written, so that a file fetched as one
 * stream from its first byte is never read back to be hashed. It holds only while every write lands
 * exactly where the previous one ended: a write anywhere else (a second range, a retry that starts
 * over, a part file continued from an earlier run) makes it {@linkplain #value(long) unknown}, and
 * the caller reads the file instead.
 *
 * <p>By the system's libcrypto where {@link NativeDigest} may run (a JVM that compiles with C1 alone
 * runs the JDK's SHA-2 as plain Java), else by the JDK. Thread-safe; {@link #close()} frees the
 * native state and must follow every use.
 */
public final class StreamDigest implements AutoCloseable {

    private final NativeDigest.Running running;
    private final MessageDigest jdk;
    /** Where the next write must start for the digest to stay valid; -1 once one did not. */
    private long next;
    private byte[] value;

    private StreamDigest(NativeDigest.Running running, MessageDigest jdk) {
        this.running = running;
        this.jdk = jdk;
    }

    /**
     * A digest under {@code algorithm} (the JDK's name: {@code SHA-256}, ...) of the bytes written from
     * offset 0 on.
     *
     * @throws IllegalArgumentException when neither libcrypto nor the JDK knows the algorithm
     */
    public static StreamDigest start(String algorithm) {
        var running = NativeDigest.start(algorithm);
        if (running != null) {
            return new StreamDigest(running, null);
        }
        try {
            return new StreamDigest(null, MessageDigest.getInstance(algorithm));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unknown digest algorithm: " + algorithm, e);
        }
    }

    /**
     * Takes in the bytes of {@code buffer} (position to limit; the position does not move) about to be
     * written at {@code position}.
     */
    public synchronized void wrote(ByteBuffer buffer, long position) {
        if (next < 0 || value != null) {
            return;
        }
        if (position != next) {
            next = -1; // out of order, or bytes written again: only reading the file can tell now
            return;
        }
        int n = buffer.remaining();
        if (running == null) {
            jdk.update(buffer.duplicate());
        } else if (!running.update(buffer)) {
            next = -1; // libcrypto refused: the file is read back
            return;
        }
        next += n;
    }

    /**
     * The digest when the writes covered exactly the bytes {@code [0, size)} in order, else null. Ends
     * the digest: it takes no more bytes.
     */
    public synchronized byte[] value(long size) {
        if (value == null && next >= 0) {
            if (next != size) {
                next = -1;
            } else {
                value = running != null ? running.finish() : jdk.digest();
                if (value == null) {
                    next = -1; // libcrypto refused: the file is read back
                }
            }
        }
        return next == size ? value : null;
    }

    @Override
    public synchronized void close() {
        next = -1;
        if (running != null) {
            running.close();
        }
    }
}
