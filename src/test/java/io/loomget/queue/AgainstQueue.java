package io.loomget.queue;

import io.loomget.DownloadQueue;
import io.loomget.DownloadRequest;
import io.loomget.DownloadStatus;
import io.loomget.QueueEvent;
import io.loomget.Settings;
import io.loomget.testsupport.OnRangeServer;
import io.loomget.testsupport.Poll;
import io.loomget.testsupport.TestSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;

/** A {@link DownloadQueue} on the test's range server and output directory, closed after the test. */
abstract class AgainstQueue extends OnRangeServer {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    protected final List<QueueEvent> announced = new CopyOnWriteArrayList<>();
    private DownloadQueue queue;

    /** The queue, started on first use with {@code -j} files at once. */
    protected DownloadQueue queue(int filesAtOnce) {
        if (queue == null) {
            queue = new DownloadQueue(settings().filesAtOnce(filesAtOnce).build(), announced::add);
        }
        return queue;
    }

    protected DownloadQueue queue() {
        return queue(5);
    }

    protected Settings.Builder settings() {
        return TestSettings.into(dir);
    }

    protected long add(String path) {
        return queue().add(DownloadRequest.of(server.uri(path)), settings().build());
    }

    protected DownloadStatus status(long gid) {
        return queue().status(gid).orElseThrow();
    }

    /** Waits until the download is in {@code state}; returns its status then. */
    protected DownloadStatus awaitState(long gid, DownloadStatus.State state) throws Exception {
        return Poll.until(PATIENCE, "download " + gid + " " + state, () -> status(gid), s -> s.state() == state);
    }

    /**
     * The download's events once there are {@code count} of them: a state is reached under the queue's
     * lock, and its event is announced just after, from the download's thread.
     */
    protected List<QueueEvent> announcedFor(long gid, int count) throws Exception {
        return Poll.until(PATIENCE, count + " events of " + gid,
                () -> announced.stream().filter(e -> e.gid() == gid).toList(), events -> events.size() >= count);
    }

    @AfterEach
    final void closeTheQueue() {
        if (queue != null) {
            queue.close();
        }
    }
}
