package io.loomget.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A digest of bytes as they are written: the JDK's digest when they come in order from 0, else unknown. */
class StreamDigestTest {

    private static final byte[] BYTES = new byte[50_000];

    static {
        new Random(7).nextBytes(BYTES);
    }

    private static byte[] jdk(String algorithm, byte[] bytes) throws Exception {
        return MessageDigest.getInstance(algorithm).digest(bytes);
    }

    private static ByteBuffer slice(int from, int to) {
        return ByteBuffer.wrap(BYTES, from, to - from);
    }

    @Test
    void bytesWrittenInOrderFromTheFirstGiveTheFilesDigest() throws Exception {
        try (var digest = StreamDigest.start("SHA-256")) {
            digest.wrote(slice(0, 16_384), 0);
            digest.wrote(slice(16_384, 16_385), 16_384);
            digest.wrote(slice(16_385, BYTES.length), 16_385);

            assertArrayEquals(jdk("SHA-256", BYTES), digest.value(BYTES.length));
        }
    }

    @Test
    void heapReadOnlyAndDirectBuffersAllCountAndKeepTheirPosition() throws Exception {
        var direct = ByteBuffer.allocateDirect(20_000).put(BYTES, 20_000, 20_000).flip();
        var readOnly = slice(40_000, BYTES.length).asReadOnlyBuffer();
        try (var digest = StreamDigest.start("SHA-512")) {
            var heap = slice(0, 20_000);
            digest.wrote(heap, 0);
            digest.wrote(direct, 20_000);
            digest.wrote(readOnly, 40_000);

            assertEquals(0, heap.position());
            assertEquals(0, direct.position());
            assertEquals(40_000, readOnly.position());
            assertArrayEquals(jdk("SHA-512", BYTES), digest.value(BYTES.length));
        }
    }

    @Test
    void aWriteThatDoesNotStartWhereTheLastEndedMakesItUnknown() {
        try (var digest = StreamDigest.start("SHA-256")) {
            digest.wrote(slice(0, 10_000), 0);
            digest.wrote(slice(20_000, BYTES.length), 20_000); // another range's bytes
            digest.wrote(slice(10_000, 20_000), 10_000);

            assertNull(digest.value(BYTES.length));
        }
    }

    @Test
    void bytesWrittenAgainMakeItUnknown() {
        try (var digest = StreamDigest.start("SHA-256")) {
            digest.wrote(slice(0, 10_000), 0);
            digest.wrote(slice(0, BYTES.length), 0); // a stream that started over

            assertNull(digest.value(BYTES.length));
        }
    }

    @Test
    void aFileOfAnotherSizeThanTheBytesWrittenIsUnknown() {
        try (var digest = StreamDigest.start("SHA-256")) {
            digest.wrote(slice(0, 10_000), 0);

            assertNull(digest.value(BYTES.length));
        }
    }

    @Test
    void anEmptyFileHasTheDigestOfNothing() throws Exception {
        try (var digest = StreamDigest.start("MD5")) {
            assertArrayEquals(jdk("MD5", new byte[0]), digest.value(0));
        }
    }

    @Test
    void theValueStaysTheSameWhenAskedAgain() throws Exception {
        try (var digest = StreamDigest.start("SHA-1")) {
            digest.wrote(slice(0, BYTES.length), 0);
            var first = digest.value(BYTES.length);

            assertArrayEquals(first, digest.value(BYTES.length));
            assertArrayEquals(jdk("SHA-1", BYTES), first);
            assertArrayEquals(jdk("SHA-1", Arrays.copyOf(BYTES, BYTES.length)), first);
        }
    }
}
