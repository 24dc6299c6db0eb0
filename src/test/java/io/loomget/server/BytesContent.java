package io.loomget.server;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** An in-memory body; small by intent, so its digest is computed up front. */
final class BytesContent implements Content {

    /** The size of each write, as the generated content's: many small writes for the fault hooks. */
    private static final int CHUNK = 64 * 1024;

    private final byte[] data;
    private final String sha256Hex;

    BytesContent(byte[] data) {
        this.data = data.clone();
        this.sha256Hex = HexFormat.of().formatHex(Sha256.newDigest().digest(this.data));
    }

    @Override
    public long size() {
        return data.length;
    }

    @Override
    public String sha256Hex() {
        return sha256Hex;
    }

    @Override
    public byte byteAt(long offset) {
        return data[Math.toIntExact(Objects.checkIndex(offset, data.length))];
    }

    @Override
    public void writeTo(long offset, long length, OutputStream out) throws IOException {
        Objects.checkFromIndexSize(offset, length, data.length);
        int pos = (int) offset;
        int end = (int) (offset + length);
        while (pos < end) { // chunked so throttles and fault injection see many small writes
            int n = Math.min(CHUNK, end - pos);
            out.write(data, pos, n);
            pos += n;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BytesContent other && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Content.bytes(size=" + data.length + ", sha256=" + sha256Hex + ")";
    }
}
