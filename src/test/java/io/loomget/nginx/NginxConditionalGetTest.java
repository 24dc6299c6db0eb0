package io.loomget.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.ThreadKind;
import io.loomget.testsupport.Sha256;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --conditional-get} and {@code -R} against nginx, which answers 304 and sends Last-Modified and ETag. */
class NginxConditionalGetTest extends AgainstNginx {

    private static final Instant SERVED_TIME = Instant.parse("2024-03-01T12:00:00Z");

    private String serve(String name, long size, int seed) throws Exception {
        var file = nginx.docroot().resolve(name);
        var sha = writeRandom(file, size, seed);
        Files.setLastModifiedTime(file, FileTime.from(SERVED_TIME));
        return sha;
    }

    private FileResult fetch(String name, boolean conditional) {
        return fetch(name, conditional, false);
    }

    private FileResult fetch(String name, boolean conditional, boolean resume) {
        return run(settings(ThreadKind.VIRTUAL).conditionalGet(conditional).resume(resume).minSplitSize(64 * KiB),
                DownloadRequest.of(nginx.files(name))).getFirst();
    }

    @Test
    void remoteTimeGivesTheFileTheServersTime() throws Exception {
        var sha = serve("dated.bin", 300 * KiB, 1);
        var result = run(settings(ThreadKind.VIRTUAL).remoteTime(true), DownloadRequest.of(nginx.files("dated.bin"))).getFirst();

        var path = downloaded(result).path();
        assertEquals(sha, Sha256.of(path));
        assertEquals(FileTime.from(SERVED_TIME), Files.getLastModifiedTime(path));
    }

    @Test
    void anUnchangedFileIsKeptAfterOne304() throws Exception {
        serve("same.bin", 2 * MiB, 2);
        downloaded(fetch("same.bin", true));
        nginx.clearAccessLog();

        var again = assertInstanceOf(FileResult.AlreadyComplete.class, fetch("same.bin", true));

        assertTrue(again.upToDate());
        var seen = nginx.awaitEntries(es -> !es.isEmpty(), LOG_WAIT);
        assertEquals(List.of(304), seen.stream().map(AccessLogEntry::status).toList(), () -> lines(seen));
        try (var files = Files.list(out)) {
            assertEquals(List.of(out.resolve("same.bin")), files.toList(), "no second copy, no part file");
        }
    }

    @Test
    void withContinueAFileWhoseRecordNamesTheServersVersionIsUpToDateAsAfterA304() throws Exception {
        serve("kept.bin", 2 * MiB, 8);
        downloaded(fetch("kept.bin", true, true));
        nginx.clearAccessLog();

        var again = assertInstanceOf(FileResult.AlreadyComplete.class, fetch("kept.bin", true, true));

        assertTrue(again.upToDate(), "-N asked whether it is current, and the record said so: " + again);
        var seen = nginx.awaitEntries(es -> !es.isEmpty(), LOG_WAIT);
        assertEquals(List.of(206), seen.stream().map(AccessLogEntry::status).toList(), () -> lines(seen));
    }

    @Test
    void withContinueAFileOfTheServersSizeButNoRecordIsStillAskedWhetherItIsCurrent() throws Exception {
        var served = serve("foreign.bin", 300 * KiB, 9);
        // Another tool's copy of an older version of the same size: only its time can tell, as -N asks.
        var stale = out.resolve("foreign.bin");
        writeRandom(stale, 300 * KiB, 10);
        Files.setLastModifiedTime(stale, FileTime.from(SERVED_TIME.minusSeconds(3600)));

        var path = downloaded(fetch("foreign.bin", true, true)).path();

        assertEquals(stale, path, "replaced under its name");
        assertEquals(served, Sha256.of(path));
    }

    @Test
    void aCopyNoOlderThanTheServersAndOfItsSizeIsKeptThoughNginxSendsTheWholeFile() throws Exception {
        serve("copied.bin", 300 * KiB, 11);
        // Saved by another tool an hour after the server's time: nginx answers If-Modified-Since with a 304
        // only for its exact Last-Modified, so this one gets a 206 of the whole file.
        var copy = out.resolve("copied.bin");
        Files.copy(nginx.docroot().resolve("copied.bin"), copy);
        var savedAt = FileTime.from(SERVED_TIME.plusSeconds(3600));
        Files.setLastModifiedTime(copy, savedAt);

        var kept = assertInstanceOf(FileResult.AlreadyComplete.class, fetch("copied.bin", true));

        assertTrue(kept.upToDate(), kept::toString);
        assertEquals(savedAt, Files.getLastModifiedTime(copy), "left as it was");
        try (var files = Files.list(out)) {
            assertEquals(List.of(copy), files.toList(), "no second copy, no part file");
        }
    }

    @Test
    void aNewerFileReplacesTheOldOneOnceComplete() throws Exception {
        serve("news.bin", 2 * MiB, 3);
        downloaded(fetch("news.bin", true));
        var newer = writeRandom(nginx.docroot().resolve("news.bin"), 3 * MiB, 4);
        Files.setLastModifiedTime(nginx.docroot().resolve("news.bin"), FileTime.from(SERVED_TIME.plusSeconds(3600)));

        var path = downloaded(fetch("news.bin", true)).path();

        assertEquals(out.resolve("news.bin"), path, "the same name, replaced");
        assertEquals(newer, Sha256.of(path));
        assertEquals(FileTime.from(SERVED_TIME.plusSeconds(3600)), Files.getLastModifiedTime(path));
        assertNoPartFiles();
    }

    @Test
    void aFileChangedWithinTheSameSecondIsToldApartByItsETag() throws Exception {
        serve("etag.bin", 2 * MiB, 6);
        downloaded(fetch("etag.bin", true));
        var changed = serve("etag.bin", 2 * MiB + 1, 7); // same Last-Modified, another size: nginx's ETag differs

        var path = downloaded(fetch("etag.bin", true)).path();

        assertEquals(changed, Sha256.of(path));
    }

    @Test
    void withoutTheOptionAnExistingFileGetsTheNextName() throws Exception {
        serve("twice.bin", 100 * KiB, 5);
        downloaded(fetch("twice.bin", false));

        assertEquals(out.resolve("twice.1.bin"), downloaded(fetch("twice.bin", false)).path());
    }
}
