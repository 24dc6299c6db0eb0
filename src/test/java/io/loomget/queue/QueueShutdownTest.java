package io.loomget.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadQueue;
import io.loomget.DownloadStatus.State;
import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.testsupport.Poll;
import io.loomget.testsupport.Sha256;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueShutdownTest extends AgainstQueue {

    @Test
    void closingLeavesAnActiveDownloadUnfinishedAndResumableByTheNextQueue() throws Exception {
        var content = Content.generated(1 << 20, 9);
        server.add("/big", content);
        server.behave("/big", Behaviour.builder().stallAfter(300_000).build());
        long gid = add("/big");
        Poll.until(PATIENCE, "bytes on disk", () -> status(gid), s -> s.done() >= 300_000);

        queue().close();
        var left = queue().unfinished();
        assertEquals(1, left.size());
        var unfinished = left.getFirst();
        assertEquals(gid, unfinished.gid());
        assertEquals(State.WAITING, unfinished.state());
        assertTrue(unfinished.settings().resume(), "continues its part file");
        assertEquals("big", unfinished.request().outName());

        server.behave("/big", Behaviour.NORMAL);
        server.resetStats();
        try (var next = new DownloadQueue(settings().build(), announced::add)) {
            next.add(DownloadQueue.Addition.of(unfinished.request(), unfinished.settings()).withGid(gid));
            var done = Poll.until(PATIENCE, "complete", () -> next.status(gid).orElseThrow(),
                    s -> s.state() == State.COMPLETE);
            assertEquals(content.sha256Hex(), Sha256.of(done.target()));
        }
        // Besides the probe (from byte 0, whose record may come in late), only the rest was asked for.
        assertEquals(List.of("bytes=300000-" + (content.size() - 1)), server.requests().stream().map(r -> r.rangeHeader())
                .filter(range -> !range.startsWith("bytes=0-")).toList());
    }

    @Test
    void closingKeepsTheActiveDownloadsInTheOrderTheyStartedWhateverOrderTheyStopIn() throws Exception {
        var content = Content.generated(1 << 20, 11);
        var gids = new java.util.ArrayList<Long>();
        for (int i = 0; i < 8; i++) {
            server.add("/f" + i, content);
            server.behave("/f" + i, Behaviour.builder().stallAfter(100_000).build());
        }
        queue(8);
        for (int i = 0; i < 8; i++) {
            gids.add(add("/f" + i));
        }
        for (long gid : gids) {
            Poll.until(PATIENCE, "bytes on disk", () -> status(gid), s -> s.done() >= 100_000);
        }
        assertEquals(gids, queue().active().stream().map(s -> s.gid()).toList());

        queue().close();
        assertEquals(gids, queue().unfinished().stream().map(s -> s.gid()).toList(),
                "a session saved now restarts them in their old order");
    }
}
