package io.loomget.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.loomget.testsupport.Sha256;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class ContentTest {

    @Test
    void generatedBytesDependOnlyOnSeedAndOffset() {
        var a = Content.generated(10_000, 1);
        var b = Content.generated(20_000, 1);

        assertArrayEquals(a.readAll(), b.read(0, 10_000));
        assertNotEquals(a.sha256Hex(), Content.generated(10_000, 2).sha256Hex());
    }

    @Test
    void unalignedRangesMatchByteAt() throws Exception {
        var content = Content.generated(200_000, 9);
        for (long offset : new long[] {0, 1, 7, 8, 13, 65_535, 65_537, 131_071}) {
            for (int length : new int[] {0, 1, 5, 8, 9, 65_536, 65_543}) {
                var out = new ByteArrayOutputStream();
                content.writeTo(offset, length, out);
                byte[] bytes = out.toByteArray();
                assertEquals(length, bytes.length);
                for (int i = 0; i < length; i++) {
                    assertEquals(content.byteAt(offset + i), bytes[i], "offset " + (offset + i));
                }
            }
        }
    }

    @Test
    void sha256MatchesTheBytes() {
        var content = Content.generated(300_001, 4);

        assertEquals(Sha256.of(content.readAll()), content.sha256Hex());
    }

    @Test
    void bytesAreCopiedAndHashed() {
        byte[] data = {1, 2, 3, 4};
        var content = Content.bytes(data);
        data[0] = 9;

        assertArrayEquals(new byte[] {1, 2, 3, 4}, content.readAll());
        assertEquals(Sha256.of(new byte[] {1, 2, 3, 4}), content.sha256Hex());
        assertArrayEquals(new byte[] {2, 3}, content.read(1, 2));
        assertEquals(Content.bytes(new byte[] {1, 2, 3, 4}), content);
    }

    @Test
    void rangesOutsideTheContentAreRejected() {
        var content = Content.generated(100, 1);

        assertThrows(IndexOutOfBoundsException.class, () -> content.read(90, 11));
        assertThrows(IndexOutOfBoundsException.class, () -> content.byteAt(100));
        assertThrows(IllegalArgumentException.class, () -> Content.generated(-1, 1));
    }

    @Test
    void hugeGeneratedContentIsNeverMaterialised() {
        var content = Content.generated(1L << 40, 1);

        assertEquals(content.byteAt((1L << 40) - 1), content.read((1L << 40) - 1, 1)[0]);
        assertThrows(IllegalStateException.class, content::readAll);
    }
}
