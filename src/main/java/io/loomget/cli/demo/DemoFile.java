package io.loomget.cli.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One of the demo's files: {@code size} pseudo-random bytes made from {@code seed} on the fly (word
 * {@code i} is SplitMix64 of {@code (seed, i)}, little-endian), so a 64 MiB file costs no memory and
 * no disk on the serving side.
 */
public record DemoFile(String name, long size, long seed) {

    private static final int CHUNK = 64 * 1024;

    public DemoFile {
        Objects.requireNonNull(name);
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
    }

    /** Writes bytes {@code [offset, offset + length)}. */
    public void writeTo(long offset, long length, OutputStream out) throws IOException {
        Objects.checkFromIndexSize(offset, length, size);
        var buf = new byte[CHUNK + 8];
        long pos = offset;
        long end = offset + length;
        while (pos < end) {
            long aligned = pos & ~7L;
            int skip = (int) (pos - aligned);
            int n = (int) Math.min(CHUNK, end - pos);
            int words = (skip + n + 7) >>> 3;
            for (int w = 0; w < words; w++) {
                long word = word(seed, (aligned >>> 3) + w);
                for (int b = 0; b < 8; b++) {
                    buf[(w << 3) + b] = (byte) (word >>> (b << 3));
                }
            }
            out.write(buf, skip, n);
            pos += n;
        }
    }

    /** The SHA-256 of the whole file, in lower-case hex: what the demo checks each download against. */
    public String sha256Hex() {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            writeTo(0, size, new OutputStream() {
                @Override
                public void write(int b) {
                    digest.update((byte) b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    digest.update(b, off, len);
                }
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("SHA-256 of an in-memory stream", e);
        }
    }

    private static long word(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

}
