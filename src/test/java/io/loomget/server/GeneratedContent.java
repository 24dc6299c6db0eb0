package io.loomget.server;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pseudo-random bytes made 8 at a time: word {@code i / 8} is SplitMix64 of {@code (seed, i / 8)},
 * stored little-endian. Cheap enough to stream at several GiB/s.
 */
record GeneratedContent(long size, long seed) implements Content {

    static final int CHUNK = 64 * 1024;
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    // Records cannot hold a lazy field; equal (size, seed) pairs share one digest anyway.
    private static final Map<GeneratedContent, String> DIGESTS = new ConcurrentHashMap<>();

    GeneratedContent {
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
    }

    static long word(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public byte byteAt(long offset) {
        Objects.checkIndex(offset, size);
        return (byte) (word(seed, offset >>> 3) >>> ((offset & 7) << 3));
    }

    @Override
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

    @Override
    public String sha256Hex() {
        return DIGESTS.computeIfAbsent(this, Sha256::of);
    }

    @Override
    public String toString() {
        return "Content.generated(size=" + size + ", seed=" + seed + ")";
    }
}
