package io.loomget;

import io.loomget.internal.io.NativeDigest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A digest, {@code ALGO=HEX} as aria2 writes it (sha-256, sha-512, sha-1, md5): the one a download is
 * expected to have, or the one a downloaded file was found to have ({@link FileResult.Downloaded#digest()}).
 */
public record Checksum(String algorithm, String hex) {

    public Checksum {
        algorithm = canonical(algorithm);
        hex = hex.toLowerCase(Locale.ROOT);
        // No regular expression and no MessageDigest lookup: a result of every downloaded file is built here.
        if (!isHex(hex)) {
            throw new IllegalArgumentException("checksum is not hexadecimal: " + hex);
        }
        int expected = digestLength(algorithm) * 2;
        if (hex.length() != expected) {
            throw new IllegalArgumentException(algorithm + " checksum needs " + expected + " hex digits, got " + hex.length());
        }
    }

    /**
     * A checksum as aria2's {@code checksum=} option writes it, {@code ALGORITHM=HEX} ({@code sha-256=...}).
     *
     * @throws IllegalArgumentException when it is not that: an unknown algorithm, or hex digits that are not its digest's
     * @throws NullPointerException     when {@code text} is null
     */
    public static Checksum parse(String text) {
        int eq = java.util.Objects.requireNonNull(text, "checksum").indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("checksum must look like sha-256=HEX: " + text);
        }
        return new Checksum(text.substring(0, eq), text.substring(eq + 1).trim());
    }

    /**
     * Whether {@code file} has this digest.
     *
     * @throws java.nio.channels.ClosedByInterruptException when the thread is interrupted meanwhile (a
     *         big file takes seconds: Ctrl-C must not wait for it)
     */
    public boolean matches(Path file) throws IOException {
        return hexDigest(algorithm, file).equals(hex);
    }

    /**
     * The lower-case hex digest of {@code file} under {@code algorithm} ({@code sha-256}, ...): by the
     * system's OpenSSL where this JVM grants native access ({@code --enable-native-access=ALL-UNNAMED},
     * as Spark's launcher does; {@code -Dloomget.native-digest=false} turns it off), else by the JDK.
     * An interrupt of the thread stops it with {@link java.nio.channels.ClosedByInterruptException}.
     */
    public static String hexDigest(String algorithm, Path file) throws IOException {
        var name = canonical(algorithm);
        // A JVM that compiles with C1 alone runs the JDK's digests as plain Java, 4x libcrypto's CPU.
        var digest = NativeDigest.digest(name, file);
        return HexFormat.of().formatHex(digest != null ? digest : javaDigest(name, file));
    }

    private static byte[] javaDigest(String algorithm, Path file) throws IOException {
        var digest = newDigestFor(algorithm);
        // Files.newInputStream's channel ignores interrupts: the loop looks for one itself.
        try (var in = Files.newInputStream(file)) {
            var buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new java.nio.channels.ClosedByInterruptException();
                }
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }

    private static String canonical(String name) {
        return canonical(name, "checksum");
    }

    /** The JDK's name of {@code name} ({@code SHA-256} for {@code sha256}, ...); {@code what} names the setting in the error. */
    static String canonical(String name, String what) {
        return switch (name.toLowerCase(Locale.ROOT).replace("_", "-")) {
            case "sha-256", "sha256" -> "SHA-256";
            case "sha-1", "sha1" -> "SHA-1";
            case "sha-512", "sha512" -> "SHA-512";
            case "md5" -> "MD5";
            default -> throw new IllegalArgumentException("unknown " + what + " algorithm: " + name);
        };
    }

    private static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return !text.isEmpty();
    }

    /** Bytes in a digest of {@code algorithm}, one of {@link #canonical}'s names. */
    private static int digestLength(String algorithm) {
        return switch (algorithm) {
            case "SHA-256" -> 32;
            case "SHA-1" -> 20;
            case "SHA-512" -> 64;
            case "MD5" -> 16;
            default -> throw new IllegalArgumentException("unknown checksum algorithm: " + algorithm);
        };
    }

    private static MessageDigest newDigestFor(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unknown checksum algorithm: " + algorithm, e);
        }
    }

}
