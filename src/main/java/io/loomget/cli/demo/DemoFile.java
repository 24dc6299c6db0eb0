package io.loomget.cli.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One of the demo's files: {@code size} pseudo-random bytes made from {@code seed} on the fly (word
 * {@code i} is SplitMix64 of {@code (seed, i)}, little-endian), so a 64 MiB file costs no memory and
 * no disk on the serving side. The test server's generated content is the same sequence.
 */
public record DemoFile(String name, long size, long seed) {

    private static final int CHUNK = 64 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    public DemoFile {
        Objects.requireNonNull(name);
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
    }

    /** Byte {@code offset} of the file. */
    public byte byteAt(long offset) {
        Objects.checkIndex(offset, size);
        return (byte) (word(seed, offset >>> 3) >>> ((offset & 7) << 3));
    }

    /** Writes bytes {@code [offset, offset + length)}, 8 at a time: several GiB/s, enough for any benchmark. */
    public void writeTo(long offset, long length, OutputStream out) throws IOException {
        Objects.checkFromIndexSize(offset, length, size);
        var buf = new byte[CHUNK + 8];
        long pos = offset;
        long end = offset + length;
        while (pos < end) {
            long alignedStart = pos & ~7L;
            int skip = (int) (pos - alignedStart);
            int n = (int) Math.min(CHUNK, end - pos);
            int words = (skip + n + 7) >>> 3;
            long index = alignedStart >>> 3;
            for (int w = 0; w < words; w++) {
                LONGS.set(buf, w << 3, word(seed, index + w));
            }
            out.write(buf, skip, n);
            pos += n;
        }
    }

    /** The SHA-256 of the whole file, in lower-case hex: what the demo checks each download against. */
    public String sha256Hex() {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            try (var out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
                writeTo(0, size, out);
            }
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
