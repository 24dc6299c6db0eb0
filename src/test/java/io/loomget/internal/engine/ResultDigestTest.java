package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.Checksum;
import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.FailureReason;
import io.loomget.FileResult;
import io.loomget.Settings;
import io.loomget.internal.io.PartFile;
import io.loomget.internal.io.Storage;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Settings#digest()}: each downloaded file's result carries its digest. A file that comes as one
 * stream from its first byte is hashed as its bytes are written; a file fetched in ranges is read back.
 */
@Timeout(60)
class ResultDigestTest {

    private static final byte[] SMALL = bytes(100 * 1024, 1);
    private static final byte[] LARGE = bytes(3 * 1024 * 1024, 2);
    private static final URI SMALL_URL = URI.create("http://in-memory.invalid/small.bin");
    private static final URI LARGE_URL = URI.create("http://in-memory.invalid/large.bin");

    @TempDir
    Path dir;

    private static byte[] bytes(int size, long seed) {
        var bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    private Settings.Builder settings() {
        return TestSettings.into(dir).connectionsPerFile(4).minSplitSize(512 * 1024);
    }

    private FileResult download(Settings settings, byte[] content, Storage storage, DownloadRequest request) {
        var transport = new InMemoryTransport(content, 0, 0);
        return new BatchRun(settings, DownloadListener.NONE, s -> transport, storage).run(List.of(request)).getFirst();
    }

    private FileResult download(Settings settings, byte[] content, Storage storage, URI url) {
        return download(settings, content, storage, DownloadRequest.of(url));
    }

    @Test
    void aDownloadedFileCarriesItsSha256() {
        var small = assertInstanceOf(FileResult.Downloaded.class,
                download(settings().digest("sha-256").build(), SMALL, Storage.DISK, SMALL_URL));
        var large = assertInstanceOf(FileResult.Downloaded.class,
                download(settings().digest("sha-256").build(), LARGE, Storage.DISK, LARGE_URL));

        assertEquals(new Checksum("sha-256", Sha256.of(SMALL)), small.digest());
        assertEquals(new Checksum("sha-256", Sha256.of(LARGE)), large.digest());
        assertTrue(large.connections() > 1, "the large file was meant to come in ranges");
    }

    @Test
    void withoutADigestAskedTheResultCarriesNone() {
        var result = assertInstanceOf(FileResult.Downloaded.class,
                download(settings().build(), SMALL, Storage.DISK, SMALL_URL));

        assertNull(result.digest());
    }

    @Test
    void aFileThatComesInOneStreamIsHashedAsItsBytesArriveNotReadBack() {
        // The disk below keeps zeros: only a digest of the bytes as they went to it is the server's.
        var result = assertInstanceOf(FileResult.Downloaded.class,
                download(settings().digest("sha-256").build(), SMALL, ZEROS, SMALL_URL));

        assertEquals(Sha256.of(SMALL), result.digest().hex());
        assertEquals(Sha256.of(new byte[SMALL.length]), Sha256.of(result.path()));
    }

    @Test
    void aFileFetchedInRangesIsHashedFromWhatIsOnDisk() {
        var result = assertInstanceOf(FileResult.Downloaded.class,
                download(settings().digest("sha-256").build(), LARGE, ZEROS, LARGE_URL));

        assertEquals(Sha256.of(new byte[LARGE.length]), result.digest().hex());
    }

    @Test
    void anyAlgorithmOfTheChecksumOptionCanBeAsked() throws Exception {
        var result = assertInstanceOf(FileResult.Downloaded.class,
                download(settings().digest("SHA512").build(), SMALL, Storage.DISK, SMALL_URL));

        assertEquals(new Checksum("sha-512", hex("SHA-512", SMALL)), result.digest());
    }

    @Test
    void anExpectedChecksumOfAnotherAlgorithmIsCheckedBesideTheDigest() throws Exception {
        var request = new DownloadRequest(SMALL_URL, null, null, new Checksum("sha-1", hex("SHA-1", SMALL)), null,
                java.util.Map.of(), SMALL_URL.toString());

        var result = assertInstanceOf(FileResult.Downloaded.class,
                download(settings().digest("sha-256").build(), SMALL, Storage.DISK, request));

        assertEquals(Sha256.of(SMALL), result.digest().hex());
    }

    @Test
    void aStreamedFileThatMissesItsExpectedChecksumIsDiscarded() throws Exception {
        var wrong = new Checksum("sha-256", hex("SHA-256", LARGE));
        var request = new DownloadRequest(SMALL_URL, null, null, wrong, null, java.util.Map.of(), SMALL_URL.toString());

        var result = assertInstanceOf(FileResult.Failed.class,
                download(settings().build(), SMALL, Storage.DISK, request));

        assertEquals(FailureReason.Kind.CHECKSUM_MISMATCH, result.kind());
        assertFalse(Files.exists(dir.resolve("small.bin")));
    }

    @Test
    void aStreamedFileWhoseThreadIsInterruptedOnceItsBytesAreInIsCommittedVerified() {
        // Nothing is left to compute after the last byte: the check is the digest already taken.
        var request = new DownloadRequest(SMALL_URL, null, null, new Checksum("sha-256", Sha256.of(SMALL)), null,
                java.util.Map.of(), SMALL_URL.toString());
        var interruptedWhenComplete = new Storage() {
            @Override
            public PartFile create(Path target, long size) throws IOException {
                return PartFile.create(target, size, path -> {
                    var disk = PartFile.CHANNELS.open(path);
                    return new PartFile.RangeWriter() {
                        @Override
                        public void write(ByteBuffer buffer, long position) throws IOException {
                            disk.write(buffer, position);
                        }

                        @Override
                        public void close() throws IOException {
                            disk.close();
                            Thread.currentThread().interrupt(); // the range is over: a Ctrl-C arrives now
                        }
                    };
                });
            }

            @Override
            public Optional<PartFile> existing(Path target, long size, long writtenEnd) throws IOException {
                return Storage.DISK.existing(target, size, writtenEnd);
            }
        };

        var result = download(settings().build(), SMALL, interruptedWhenComplete, request);
        Thread.interrupted(); // the run hands its interrupt back to its caller

        var done = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(Sha256.of(SMALL), Sha256.of(done.path()));
    }

    @Test
    void anUnknownAlgorithmIsRefusedNamingTheSetting() {
        var e = assertThrows(IllegalArgumentException.class, () -> settings().digest("crc32").build());

        assertEquals("unknown digest algorithm: crc32", e.getMessage());
    }

    /** The local disk, except that every range writes zeros in place of the bytes it is given. */
    private static final Storage ZEROS = new Storage() {
        @Override
        public PartFile create(Path target, long size) throws IOException {
            return PartFile.create(target, size, path -> {
                var disk = PartFile.CHANNELS.open(path);
                return new PartFile.RangeWriter() {
                    @Override
                    public void write(ByteBuffer buffer, long position) throws IOException {
                        disk.write(ByteBuffer.allocate(buffer.remaining()), position);
                        buffer.position(buffer.limit());
                    }

                    @Override
                    public void close() throws IOException {
                        disk.close();
                    }
                };
            });
        }

        @Override
        public Optional<PartFile> existing(Path target, long size, long writtenEnd) throws IOException {
            return Storage.DISK.existing(target, size, writtenEnd);
        }
    };
}
