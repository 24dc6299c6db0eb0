package io.loomget.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.loomget.DownloadQueue;
import io.loomget.DownloadRequest;
import io.loomget.DownloadStatus.State;
import io.loomget.QueueListener;
import io.loomget.testsupport.TestSettings;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link DownloadQueue#change} refuses a null request or settings, as {@code add} does, and the queue stays usable. */
@Timeout(30)
class ChangeArgumentsTest {

    @TempDir
    Path dir;

    @Test
    void aNullRequestOrSettingsIsRefusedAndLeavesTheDownloadAsItWas() {
        var settings = TestSettings.into(dir).build();
        var request = DownloadRequest.of(URI.create("http://127.0.0.1:9/a.bin"));
        try (var queue = new DownloadQueue(settings, QueueListener.NONE)) {
            long gid = queue.add(DownloadQueue.Addition.of(request, settings).paused(true));

            assertThrows(NullPointerException.class, () -> queue.change(gid, null, settings));
            assertThrows(NullPointerException.class, () -> queue.change(gid, request, null));

            var status = queue.status(gid).orElseThrow(); // threw NullPointerException: a poisoned entry
            assertEquals(State.PAUSED, status.state());
            assertEquals(request, status.request());
            assertEquals(1, queue.stats().waiting());
        }
    }
}
