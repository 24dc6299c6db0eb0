package io.loomget.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** aria2's {@code NAME.aria2}: which bytes of {@code NAME} aria2 wrote, read as loomget's done runs. */
class Aria2ControlFileTest {

    /**
     * Written by aria2 1.36.0 ({@code aria2c -x4 -s4}, SIGINT) for a file of 3,145,735 bytes: pieces of
     * 1 MiB, none complete, piece 0 in flight with its first 51 blocks of 16 KiB written.
     */
    private static final String ARIA2_1_36 = "0001" + "00000000" + "00000000" + "00100000" + "0000000000300007"
            + "0000000000000000" + "00000001" + "00" + "00000001" + "00000000" + "00100000" + "00000008" + "ffffffffffffe000";

    @TempDir
    Path dir;

    private Path file;

    private List<long[]> runs(byte[] control, long size) throws IOException {
        file = dir.resolve("f.bin");
        Files.write(Aria2ControlFile.pathFor(file), control);
        return Aria2ControlFile.doneRuns(file, size);
    }

    private static String show(List<long[]> runs) {
        return runs.stream().map(r -> r[0] + "-" + r[1]).toList().toString();
    }

    @Test
    void theWrittenBlocksOfAPieceInFlightAreDone() throws IOException {
        var runs = runs(HexFormat.of().parseHex(ARIA2_1_36), 3_145_735);

        assertEquals("[0-835584]", show(runs)); // 51 blocks × 16 KiB: the length aria2 had written
    }

    @Test
    void completePiecesAndBlocksInFlightJoinIntoRunsWithTheLastPieceCutAtTheFileEnd() throws IOException {
        // 3 pieces of 64 KiB over 150,000 bytes: piece 0 and 2 complete, piece 1 in flight with blocks 0 and 2
        var control = ByteBuffer.allocate(2 + 4 + 4 + 4 + 8 + 8 + 4 + 1 + 4 + 4 + 4 + 4 + 1)
                .putShort((short) 1).putInt(0).putInt(0).putInt(65_536).putLong(150_000).putLong(0)
                .putInt(1).put((byte) 0b1010_0000)
                .putInt(1).putInt(1).putInt(65_536).putInt(1).put((byte) 0b1010_0000).array();

        var runs = runs(control, 150_000);

        assertEquals("[0-81920, 98304-114688, 131072-150000]", show(runs));
    }

    @Test
    void aControlFileForAnotherSizeIsRefused() {
        var e = assertThrows(IOException.class, () -> runs(HexFormat.of().parseHex(ARIA2_1_36), 3_145_736));

        assertTrue(e.getMessage().contains("is for 3145735 bytes; the server's file has 3145736"), e.getMessage());
    }

    @Test
    void aBitTorrentDownloadsControlFileIsRefused() {
        var torrent = ByteBuffer.allocate(2 + 4 + 4 + 20).putShort((short) 1).putInt(0).putInt(20).array();

        var e = assertThrows(IOException.class, () -> runs(torrent, 3_145_735));

        assertTrue(e.getMessage().contains("BitTorrent"), e.getMessage());
    }

    @Test
    void aControlFileCutShortIsRefused() {
        var whole = HexFormat.of().parseHex(ARIA2_1_36);

        var e = assertThrows(IOException.class, () -> runs(java.util.Arrays.copyOf(whole, whole.length - 3), 3_145_735));

        assertTrue(e.getMessage().contains("ends early"), e.getMessage());
    }

    @Test
    void theOlderHostByteOrderFormatIsRefused() {
        var version0 = HexFormat.of().parseHex("0000" + ARIA2_1_36.substring(4));

        assertThrows(IOException.class, () -> runs(version0, 3_145_735));
    }

    @Test
    void aFileIsUnfinishedByAria2OnlyWithItsControlFileBeside() throws IOException {
        var f = dir.resolve("x.bin");
        Files.writeString(f, "x");
        assertFalse(Aria2ControlFile.isBeside(f));
        Files.writeString(dir.resolve("x.bin.aria2"), "");
        assertTrue(Aria2ControlFile.isBeside(f));
    }
}
