package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.internal.io.Storage;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The engine talks to a {@link io.loomget.internal.http.Transport}, not to sockets: a fake one is enough to drive it. */
@Timeout(60)
class TransportSeamTest {

    private static final byte[] CONTENT = new Random(11).ints(3 * 1024 * 1024 + 5).collect(
            java.io.ByteArrayOutputStream::new, (out, b) -> out.write(b), (a, b) -> a.write(b.toByteArray(), 0, b.size()))
            .toByteArray();

    @TempDir
    Path dir;

    @Test
    void aFileIsAssembledFromTheRangesAnInMemoryTransportServes() {
        var transport = new InMemoryTransport(CONTENT, 0, 0);

        var result = download(transport);

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result);
        assertEquals(Sha256.of(CONTENT), Sha256.of(downloaded.path()));
        assertTrue(transport.ranges().size() > 1, "split into ranges: " + transport.ranges());
        assertTrue(transport.ranges().stream().allMatch(Objects::nonNull), "no whole GET: " + transport.ranges());
    }

    @Test
    void aRangeCutByTheTransportIsAskedAgainFromItsFirstMissingByte() {
        int cutAfter = 100_000;
        var transport = new InMemoryTransport(CONTENT, 1, cutAfter);

        var result = download(transport);

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result);
        assertEquals(Sha256.of(CONTENT), Sha256.of(downloaded.path()));
        var cutStart = transport.ranges().stream().filter(r -> !r.startsWith("bytes=0-")).findFirst().orElseThrow();
        long first = Long.parseLong(cutStart.substring("bytes=".length(), cutStart.indexOf('-')));
        assertTrue(transport.ranges().stream().anyMatch(r -> r.startsWith("bytes=" + (first + cutAfter) + "-")),
                "the cut range continued at byte " + (first + cutAfter) + ": " + transport.ranges());
    }

    private FileResult download(InMemoryTransport transport) {
        var settings = TestSettings.into(dir).connectionsPerFile(4).minSplitSize(512 * 1024).build();
        var run = new BatchRun(settings, DownloadListener.NONE, s -> transport, Storage.DISK);
        return run.run(List.of(DownloadRequest.of(URI.create("http://in-memory.invalid/file.bin")))).getFirst();
    }
}
