package io.loomget.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.ThreadKind;
import io.loomget.testsupport.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Many files from nginx in one batch: every size arrives intact, and a 404 fails only its own file. */
class NginxBatchTest extends AgainstNginx {

    // (2) Many small files at once: every edge size right, nothing left as .part.
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void batchOfSmallFilesAllArriveIntact(ThreadKind threads) throws Exception {
        long[] sizes = {0, 1, 2, 3, 100, 511, 512, 1000, 1023, 1024, 4095, 4096, 4097,
            16 * KiB - 1, 16 * KiB, 16 * KiB + 1, 64 * KiB - 1, 64 * KiB, 64 * KiB + 1, 100_000, 128 * KiB,
            256 * KiB - 1, 256 * KiB, 256 * KiB + 1, 500_000, MiB - 1, MiB, MiB + 1, 2 * MiB + 3, 3 * MiB + 7};
        assertEquals(30, sizes.length);
        var expected = new LinkedHashMap<String, String>();
        var requests = new ArrayList<DownloadRequest>();
        for (int i = 0; i < sizes.length; i++) {
            var name = "small-%02d-%d.bin".formatted(i, sizes[i]);
            expected.put(name, writeRandom(nginx.docroot().resolve(name), sizes[i], 1000 + i));
            requests.add(DownloadRequest.of(nginx.files(name)));
        }

        // Small minimum split so that the mid-sized files are cut into ranges too.
        var results = run(settings(threads).filesAtOnce(6).connectionsPerFile(4).minSplitSize(64 * KiB),
                requests.toArray(DownloadRequest[]::new));

        assertEquals(sizes.length, results.size());
        int i = 0;
        for (var entry : expected.entrySet()) {
            var done = downloaded(results.get(i));
            assertEquals(requests.get(i), done.request(), "results come back in input order");
            assertEquals(out.resolve(entry.getKey()), done.path());
            assertEquals(sizes[i], done.bytes(), entry.getKey());
            assertEquals(sizes[i], Files.size(done.path()), entry.getKey());
            assertEquals(entry.getValue(), Sha256.of(done.path()), entry.getKey());
            i++;
        }
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(new TreeSet<>(expected.keySet()),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)),
                    "exactly the downloaded files, no .part left");
        }
        events.assertNoRetriesOrFallbacks();

        var log = nginx.awaitEntries(es -> expected.keySet().stream()
                .allMatch(name -> es.stream().anyMatch(e -> e.path().equals("/files/" + name))), LOG_WAIT);
        assertTrue(log.stream().allMatch(e -> e.status() == 200 || e.status() == 206), () -> lines(log));
        // The 3 MiB file was split: more than one request for it.
        assertTrue(nginx.entries("/files/small-29-3145735.bin").size() > 1, () -> lines(log));
    }

    // (3) A 404 in a batch is that file's NotFound; the others are not disturbed.
    @Test
    void missingFileIsNotFoundWhileTheOthersSucceed() throws Exception {
        var shaA = writeRandom(nginx.docroot().resolve("a.bin"), 300_000, 31);
        var shaB = writeRandom(nginx.docroot().resolve("b.bin"), 3 * MiB, 32);
        var shaC = writeRandom(nginx.docroot().resolve("c.bin"), 10, 33);

        var results = run(settings(ThreadKind.VIRTUAL).connectionsPerFile(4).minSplitSize(256 * KiB),
                DownloadRequest.of(nginx.files("a.bin")),
                DownloadRequest.of(nginx.files("missing.bin")),
                DownloadRequest.of(nginx.files("b.bin")),
                DownloadRequest.of(nginx.files("c.bin")));

        var notFound = assertInstanceOf(FileResult.NotFound.class, results.get(1), () -> results.get(1).toString());
        assertEquals(404, notFound.status());
        assertEquals(shaA, Sha256.of(downloaded(results.get(0)).path()));
        assertEquals(shaB, Sha256.of(downloaded(results.get(2)).path()));
        assertEquals(shaC, Sha256.of(downloaded(results.get(3)).path()));
        assertFalse(Files.exists(out.resolve("missing.bin")));
        assertNoPartFiles();

        var log = nginx.awaitEntries(es -> es.stream().anyMatch(e -> e.path().equals("/files/missing.bin")), LOG_WAIT);
        var missing = log.stream().filter(e -> e.path().equals("/files/missing.bin")).toList();
        assertEquals(1, missing.size(), () -> "a 404 is final, asked once:\n" + lines(missing));
        assertEquals(404, missing.get(0).status());
    }
}
