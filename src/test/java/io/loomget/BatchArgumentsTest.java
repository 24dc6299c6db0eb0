package io.loomget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Content;
import io.loomget.testsupport.OnRangeServer;
import io.loomget.testsupport.Sha256;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API's null arguments are refused with a NullPointerException naming them, before anything is fetched. */
class BatchArgumentsTest extends OnRangeServer {

    private static final Content FILE = Content.generated(100_000, 71);

    @BeforeEach
    void serve() {
        server.add("/a.bin", FILE);
    }

    private Batch batch() {
        return new Batch(Settings.builder().outputDir(dir).build(), DownloadListener.NONE);
    }

    @Test
    void theStreamingFormRefusesANullConsumerBeforeFetchingAnything() {
        var requests = List.of(DownloadRequest.of(server.uri("/a.bin"))).iterator();

        var refused = assertThrows(NullPointerException.class, () -> batch().run(requests, null));

        assertEquals("results", refused.getMessage());
        assertEquals(0, server.requests().size());
        assertTrue(requests.hasNext(), "no request was taken");
    }

    @Test
    void theStreamingFormThrowsForANullRequestAndStillDownloadsTheOthers() {
        var results = new ConcurrentLinkedQueue<FileResult>();
        var requests = Arrays.asList(null, DownloadRequest.of(server.uri("/a.bin"))).iterator();

        var refused = assertThrows(NullPointerException.class, () -> batch().run(requests, results::add));

        assertEquals("a request from the iterator", refused.getMessage());
        assertEquals(1, results.size(), "no result for the null request: " + results);
        assertTrue(results.peek() instanceof FileResult.Downloaded, results::toString);
        assertEquals(FILE.sha256Hex(), Sha256.of(dir.resolve("a.bin")));
    }

    @Test
    void theListFormRefusesANullList() {
        var refused = assertThrows(NullPointerException.class, () -> batch().run((List<DownloadRequest>) null));

        assertEquals("requests", refused.getMessage());
    }

    @Test
    void inspectRefusesANullRequestInsteadOfReportingIt() {
        var requests = Arrays.asList(DownloadRequest.of(server.uri("/a.bin")), null);

        var refused = assertThrows(NullPointerException.class, () -> batch().inspect(requests));

        assertEquals("a request in the list", refused.getMessage());
        assertEquals(0, server.requests().size());
    }

    @Test
    void aRequestOfANullUriNamesTheUri() {
        var refused = assertThrows(NullPointerException.class, () -> DownloadRequest.of((URI) null));

        assertEquals("uri", refused.getMessage());
    }

    @Test
    void aChecksumOrHeaderLineOfNullTextNamesIt() {
        assertEquals("checksum", assertThrows(NullPointerException.class, () -> Checksum.parse(null)).getMessage());
        assertEquals("header line", assertThrows(NullPointerException.class,
                () -> Settings.builder().headerLine(null)).getMessage());
    }

    @Test
    void aQueueRefusesANullListener() {
        var refused = assertThrows(NullPointerException.class,
                () -> new DownloadQueue(Settings.builder().outputDir(dir).build(), null).close());

        assertEquals("listener (QueueListener.NONE for none)", refused.getMessage());
    }
}
