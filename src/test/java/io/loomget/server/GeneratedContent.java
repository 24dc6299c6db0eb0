package io.loomget.server;

import io.loomget.cli.demo.DemoFile;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pseudo-random bytes made 8 at a time: word {@code i / 8} is SplitMix64 of {@code (seed, i / 8)},
 * stored little-endian; the demo's generator ({@link DemoFile}) makes them. Cheap enough to stream at
 * several GiB/s.
 */
record GeneratedContent(long size, long seed) implements Content {

    // Records cannot hold a lazy field; equal (size, seed) pairs share one digest anyway.
    private static final Map<GeneratedContent, String> DIGESTS = new ConcurrentHashMap<>();

    GeneratedContent {
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
    }

    @Override
    public byte byteAt(long offset) {
        return bytes().byteAt(offset);
    }

    @Override
    public void writeTo(long offset, long length, OutputStream out) throws IOException {
        bytes().writeTo(offset, length, out);
    }

    /** The demo's generator makes the same bytes: one implementation for the product and the tests. */
    private DemoFile bytes() {
        return new DemoFile("generated", size, seed);
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
