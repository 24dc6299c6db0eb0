package io.loomget.engine;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** An expected digest, {@code ALGO=HEX} as aria2 writes it (sha-256, sha-1, md5). */
public record Checksum(String algorithm, String hex) {

    public Checksum {
        algorithm = canonical(algorithm);
        hex = hex.toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]+")) {
            throw new IllegalArgumentException("checksum is not hexadecimal: " + hex);
        }
        int expected = newDigestFor(algorithm).getDigestLength() * 2;
        if (hex.length() != expected) {
            throw new IllegalArgumentException(algorithm + " checksum needs " + expected + " hex digits, got " + hex.length());
        }
    }

    public static Checksum parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("checksum must look like sha-256=HEX: " + text);
        }
        return new Checksum(text.substring(0, eq), text.substring(eq + 1).trim());
    }

    public MessageDigest newDigest() {
        return newDigestFor(algorithm);
    }

    private static String canonical(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace("_", "-")) {
            case "sha-256", "sha256" -> "SHA-256";
            case "sha-1", "sha1" -> "SHA-1";
            case "sha-512", "sha512" -> "SHA-512";
            case "md5" -> "MD5";
            default -> throw new IllegalArgumentException("unknown checksum algorithm: " + name);
        };
    }

    private static MessageDigest newDigestFor(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unknown checksum algorithm: " + algorithm, e);
        }
    }

    public boolean matches(byte[] digest) {
        return HexFormat.of().formatHex(digest).equals(hex);
    }
}
