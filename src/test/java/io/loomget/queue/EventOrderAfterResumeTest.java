package io.loomget.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomget.DownloadQueue;
import io.loomget.DownloadRequest;
import io.loomget.DownloadStatus.State;
import io.loomget.QueueEvent;
import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.testsupport.OnRangeServer;
import io.loomget.testsupport.Poll;
import io.loomget.testsupport.TestSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A {@link io.loomget.QueueListener} gets each download's events in order, also when the download is
 * resumed right after a pause: its next start is not announced before its pause has been.
 */
class EventOrderAfterResumeTest extends OnRangeServer {

    @Test
    void aResumeRightAfterAPauseIsAnnouncedAfterThePause() throws Exception {
        server.add("/big", Content.generated(1 << 20, 9));
        server.behave("/big", Behaviour.builder().stallAfter(200_000).build());
        var settings = TestSettings.into(dir).build();
        var seen = new CopyOnWriteArrayList<QueueEvent>();
        try (var queue = new DownloadQueue(settings, event -> {
            if (event instanceof QueueEvent.Paused) {
                try {
                    Thread.sleep(500); // a listener that takes its time (it writes to a database, say)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            seen.add(event);
        })) {
            long gid = queue.add(DownloadRequest.of(server.uri("/big")), settings);
            Poll.until(Duration.ofSeconds(30), "bytes on disk", () -> queue.status(gid).orElseThrow(), s -> s.done() > 0);

            queue.pause(gid);
            server.behave("/big", Behaviour.NORMAL);
            queue.resume(gid);
            Poll.until(Duration.ofSeconds(30), "complete", () -> queue.status(gid).orElseThrow(), s -> s.state() == State.COMPLETE);
            Poll.until(Duration.ofSeconds(30), "4 events", () -> List.copyOf(seen), events -> events.size() >= 4);

            assertEquals(List.of(new QueueEvent.Started(gid), new QueueEvent.Paused(gid), new QueueEvent.Started(gid),
                    new QueueEvent.Completed(gid)), List.copyOf(seen));
        }
    }
}
