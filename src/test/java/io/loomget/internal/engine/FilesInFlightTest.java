package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.Batch;
import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.ThreadKind;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.NumberedFiles;
import io.loomget.testsupport.RangeServerExtension;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code -j} bounds the files in flight; within the bound, files do run side by side. */
@Timeout(60)
class FilesInFlightTest {

    @RegisterExtension
    final RangeServerExtension servers = RangeServerExtension.latency(Duration.ofMillis(50));

    private static final int FILES = 12;

    @TempDir
    Path dir;

    private RangeServer server;
    private final List<Content> contents = new ArrayList<>();
    private final List<DownloadRequest> requests = new ArrayList<>();

    @BeforeEach
    void startServer(RangeServer server) {
        // Every answer waits 50 ms for its headers, so files in flight overlap on the server.
        this.server = server;
        for (int i = 0; i < FILES; i++) {
            contents.add(Content.generated(20_000 + i, i));
        }
        for (var url : NumberedFiles.serve(server, FILES, contents::get)) {
            requests.add(DownloadRequest.of(url));
        }
    }

    @Test
    void atMostThreeFilesAreInFlightWithJ3() {
        run(ThreadKind.VIRTUAL);

        int peak = server.maxConcurrentRequests();
        assertTrue(peak <= 3, "requests in flight at once: " + peak);
        assertTrue(peak >= 2, "files did overlap: " + peak);
    }

    @Test
    void everyFileOfTheBatchIsCorrectAndInInputOrder() {
        var results = run(ThreadKind.VIRTUAL);

        assertEqualsContents(results);
    }

    @Test
    void platformThreadsKeepTheSameBoundAndBytes() {
        var results = run(ThreadKind.PLATFORM);

        assertTrue(server.maxConcurrentRequests() <= 3, "requests in flight at once: " + server.maxConcurrentRequests());
        assertEqualsContents(results);
    }

    private List<FileResult> run(ThreadKind threads) {
        var settings = TestSettings.into(dir).filesAtOnce(3).connectionsPerFile(1).threads(threads).build();
        var results = new Batch(settings, DownloadListener.NONE).run(requests);
        assertEquals(FILES, results.size());
        return results;
    }

    private void assertEqualsContents(List<FileResult> results) {
        for (int i = 0; i < FILES; i++) {
            var downloaded = assertInstanceOf(FileResult.Downloaded.class, results.get(i), "file " + i);
            assertEquals(requests.get(i), downloaded.request());
            assertEquals(dir.resolve("f" + i + ".bin"), downloaded.path());
            assertEquals(contents.get(i).sha256Hex(), Sha256.of(downloaded.path()), "file " + i);
            assertEquals(1, server.requestCount("/f" + i + ".bin"), "one request per file with -x 1");
        }
    }
}
