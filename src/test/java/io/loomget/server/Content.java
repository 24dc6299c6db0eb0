package io.loomget.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * A file body the {@link RangeServer} can serve. Bodies are written on demand, range by range, so a
 * generated body of many gigabytes never has to exist in memory.
 */
public sealed interface Content permits GeneratedContent, BytesContent {

    /**
     * Deterministic pseudo-random bytes: the byte at offset {@code i} depends only on {@code seed}
     * and {@code i}, so any range can be produced (and checked) without the rest.
     */
    static Content generated(long size, long seed) {
        return new GeneratedContent(size, seed);
    }

    /** The given bytes (copied). */
    static Content bytes(byte[] data) {
        return new BytesContent(data);
    }

    long size();

    /** Lower-case hex SHA-256 of the whole body, computed by streaming and cached. */
    String sha256Hex();

    /** The byte at {@code offset}. */
    byte byteAt(long offset);

    /** Writes bytes {@code [offset, offset + length)} to {@code out}, in chunks. */
    void writeTo(long offset, long length, OutputStream out) throws IOException;

    /** Bytes {@code [offset, offset + length)} as an array. */
    default byte[] read(long offset, int length) {
        Objects.checkFromIndexSize(offset, length, size());
        var out = new ByteArrayOutputStream(length);
        try {
            writeTo(offset, length, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // ByteArrayOutputStream does not throw
        }
        return out.toByteArray();
    }

    /** The whole body; only for small bodies (tests). */
    default byte[] readAll() {
        if (size() > Integer.MAX_VALUE - 8) { // the largest array a JVM will allocate
            throw new IllegalStateException("content of " + size() + " bytes does not fit in an array");
        }
        return read(0, (int) size());
    }
}
