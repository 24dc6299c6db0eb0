package io.loomget.queue;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadQueue;
import io.loomget.DownloadRequest;
import io.loomget.QueueEvent;
import io.loomget.server.Content;
import io.loomget.testsupport.OnRangeServer;
import io.loomget.testsupport.TestSettings;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A listener may close its own queue ("stop when the last download is done"): the call cannot wait
 * for the listener's own thread to end, so it returns at once and the queue shuts down behind it.
 */
class CloseFromListenerTest extends OnRangeServer {

    private static final Content FILE = Content.generated(100_000, 17);

    @Test
    void closingTheQueueFromItsOwnListenerReturnsAndClosesIt() throws Exception {
        server.add("/a.bin", FILE);
        var settings = TestSettings.into(dir).build();
        var queue = new AtomicReference<DownloadQueue>();
        var closed = new CountDownLatch(1);
        var q = new DownloadQueue(settings, event -> {
            if (event instanceof QueueEvent.Completed) {
                queue.get().close(); // waited forever for this very thread to end
                closed.countDown();
            }
        });
        queue.set(q);
        q.add(DownloadRequest.of(server.uri("/a.bin")), settings);

        assertTrue(closed.await(20, TimeUnit.SECONDS), "close() from the listener did not return");
        assertThrows(IllegalStateException.class, () -> q.add(DownloadRequest.of(server.uri("/a.bin")), settings));
        q.close(); // and from outside it still returns once the queue's threads have ended
    }
}
