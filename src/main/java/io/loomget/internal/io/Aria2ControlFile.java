package io.loomget.internal.io;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * aria2's control file, {@code NAME.aria2} beside an unfinished {@code NAME}: which bytes aria2 has
 * written. Format version 1 (aria2 1.5 and later; integers big-endian): version (2 bytes), extension
 * (4), info hash length (4, 0 for HTTP) and hash, piece length (4), total length (8), upload length (8),
 * bitfield length (4) and the bitfield of complete pieces (most significant bit first), then the
 * pieces in flight: their count (4), and for each its index (4), length (4), and the bitfield of its
 * 16 KiB blocks written. See aria2's "Control File (*.aria2) Format" technical note.
 */
public final class Aria2ControlFile {

    /** aria2's block within a piece: {@code DEFAULT_BLOCK_LENGTH}. */
    private static final int BLOCK = 16 * 1024;
    /** Larger than any control file of an HTTP download (a bit a MiB-sized piece): anything bigger is not one. */
    private static final long MAX_BYTES = 64L << 20;

    private Aria2ControlFile() {}

    /** {@code NAME.aria2} beside {@code file}. */
    public static Path pathFor(Path file) {
        return file.resolveSibling(file.getFileName() + ".aria2");
    }

    /** Whether {@code file} has aria2's control file beside it: aria2 has not finished it. */
    public static boolean isBeside(Path file) {
        return Files.exists(pathFor(file), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The runs of bytes aria2 wrote into {@code file}, sorted and disjoint {@code [start, end)}, for a
     * file of {@code size} bytes.
     *
     * @throws IOException when the control file cannot be read, or says something else: another
     *         version, a torrent's (an info hash), another total length than {@code size}, or lengths that do not add up
     */
    public static List<long[]> doneRuns(Path file, long size) throws IOException {
        var path = pathFor(file);
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || Files.size(path) > MAX_BYTES) {
            throw new IOException(path.getFileName() + " is not a regular file of a control file's size");
        }
        var in = ByteBuffer.wrap(Files.readAllBytes(path)); // big-endian, as version 1 is written
        try {
            int version = Short.toUnsignedInt(in.getShort());
            if (version != 1) {
                throw new IOException(path.getFileName() + " is of format version " + version + ", not 1");
            }
            in.getInt(); // extension flags: nothing for an HTTP download
            int infoHash = in.getInt();
            if (infoHash != 0) {
                throw new IOException(path.getFileName() + " is a BitTorrent download's");
            }
            long pieceLength = Integer.toUnsignedLong(in.getInt());
            long total = in.getLong();
            in.getLong(); // uploaded: BitTorrent's
            if (pieceLength == 0 || total != size) {
                throw new IOException(path.getFileName() + " is for " + total + " bytes; the server's file has " + size);
            }
            long pieces = (total + pieceLength - 1) / pieceLength;
            var bitfield = bytes(in, in.getInt());
            if (bitfield.length != (pieces + 7) / 8) {
                throw new IOException(path.getFileName() + " has a bitfield of " + bitfield.length + " bytes for " + pieces + " pieces");
            }
            var done = new ArrayList<long[]>();
            for (long piece = 0; piece < pieces; piece++) {
                if (bit(bitfield, piece)) {
                    done.add(new long[] {piece * pieceLength, Math.min((piece + 1) * pieceLength, total)});
                }
            }
            int inFlight = in.getInt();
            for (int i = 0; i < inFlight; i++) {
                long index = Integer.toUnsignedLong(in.getInt());
                long length = Integer.toUnsignedLong(in.getInt());
                var blocks = bytes(in, in.getInt());
                long start = index * pieceLength;
                if (index >= pieces || length > pieceLength) {
                    throw new IOException(path.getFileName() + " has a piece in flight outside the file");
                }
                for (long block = 0; block < (long) blocks.length * 8; block++) {
                    long from = start + block * BLOCK;
                    long to = Math.min(Math.min(from + BLOCK, start + length), total);
                    if (bit(blocks, block) && from < to) {
                        done.add(new long[] {from, to});
                    }
                }
            }
            return merged(done);
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new IOException(path.getFileName() + " ends early: not a control file aria2 finished writing", e);
        }
    }

    private static byte[] bytes(ByteBuffer in, int length) {
        var bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static boolean bit(byte[] field, long index) {
        return (field[(int) (index / 8)] & (0x80 >>> (index % 8))) != 0;
    }

    /** Sorted, with touching and overlapping runs joined. */
    private static List<long[]> merged(List<long[]> runs) {
        runs.sort((a, b) -> Long.compare(a[0], b[0]));
        var out = new ArrayList<long[]>();
        for (var run : runs) {
            if (!out.isEmpty() && run[0] <= out.getLast()[1]) {
                out.getLast()[1] = Math.max(out.getLast()[1], run[1]);
            } else {
                out.add(run.clone());
            }
        }
        return out;
    }
}
