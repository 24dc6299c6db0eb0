package io.loomget.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.loomget.Batch;
import io.loomget.DownloadListener;
import io.loomget.DownloadQueue;
import io.loomget.DownloadRequest;
import io.loomget.DownloadStatus.State;
import io.loomget.FileResult;
import io.loomget.QueueEvent;
import io.loomget.server.Content;
import io.loomget.testsupport.OnRangeServer;
import io.loomget.testsupport.Poll;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An application's listener that throws changes no outcome: the engine logs it and goes on. */
class ThrowingListenerTest extends OnRangeServer {

    private static final Content FILE = Content.generated(300_000, 81);

    @Test
    void aDownloadListenerThatThrowsOnEveryEventChangesNoOutcome() {
        server.add("/a.bin", FILE).add("/b.bin", FILE);
        assertBothDownloadedDespite(event -> {
            throw new IllegalStateException("listener bug on " + event.getClass().getSimpleName());
        });
    }

    @Test
    void aDownloadListenerThatThrowsAnErrorChangesNoOutcome() {
        // An assert in an application's listener throws AssertionError, not a RuntimeException.
        server.add("/a.bin", FILE).add("/b.bin", FILE);
        assertBothDownloadedDespite(event -> {
            throw new AssertionError("listener assertion on " + event.getClass().getSimpleName());
        });
    }

    /** /a.bin and /b.bin in one batch whose listener is {@code listener}: both downloaded, exact. */
    private void assertBothDownloadedDespite(DownloadListener listener) {
        var results = new Batch(TestSettings.into(dir).build(), listener)
                .run(List.of(DownloadRequest.of(server.uri("/a.bin")), DownloadRequest.of(server.uri("/b.bin"))));

        assertEquals(2, results.size());
        results.forEach(r -> assertInstanceOf(FileResult.Downloaded.class, r, r::toString));
        assertEquals(FILE.sha256Hex(), Sha256.of(dir.resolve("a.bin")));
        assertEquals(FILE.sha256Hex(), Sha256.of(dir.resolve("b.bin")));
    }

    @Test
    void aQueueListenerThatThrowsAnErrorWhenADownloadStartsJamsNothing() throws Exception {
        server.add("/a.bin", FILE).add("/b.bin", FILE);
        var settings = TestSettings.into(dir).filesAtOnce(1).build();
        try (var queue = new DownloadQueue(settings, event -> {
            if (event instanceof QueueEvent.Started) {
                throw new AssertionError("listener assertion");
            }
        })) {
            long a = queue.add(DownloadRequest.of(server.uri("/a.bin")), settings);
            long b = queue.add(DownloadRequest.of(server.uri("/b.bin")), settings);

            for (long gid : List.of(a, b)) {
                Poll.until(Duration.ofSeconds(30), "download " + gid + " complete", () -> queue.status(gid).orElseThrow(),
                        s -> s.state() == State.COMPLETE);
            }
        }
        assertEquals(FILE.sha256Hex(), Sha256.of(dir.resolve("a.bin")));
        assertEquals(FILE.sha256Hex(), Sha256.of(dir.resolve("b.bin")));
    }

    @Test
    void aQueueListenerThatThrowsWhenADownloadStartsJamsNothing() throws Exception {
        server.add("/a.bin", FILE).add("/b.bin", FILE);
        var settings = TestSettings.into(dir).filesAtOnce(1).build();
        try (var queue = new DownloadQueue(settings, event -> {
            if (event instanceof QueueEvent.Started) {
                throw new IllegalStateException("listener bug");
            }
        })) {
            long a = queue.add(DownloadRequest.of(server.uri("/a.bin")), settings);
            long b = queue.add(DownloadRequest.of(server.uri("/b.bin")), settings);

            for (long gid : List.of(a, b)) { // one at a time: b starts only once a has given its slot back
                Poll.until(Duration.ofSeconds(30), "download " + gid + " complete", () -> queue.status(gid).orElseThrow(),
                        s -> s.state() == State.COMPLETE);
            }
        }
        assertEquals(FILE.sha256Hex(), Sha256.of(dir.resolve("b.bin")));
    }
}
