package io.loomget.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadQueue;
import io.loomget.DownloadQueue.Whence;
import io.loomget.DownloadRequest;
import io.loomget.DownloadStatus.State;
import io.loomget.FileResult;
import io.loomget.QueueEvent;
import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.testsupport.Poll;
import io.loomget.testsupport.Sha256;
import java.nio.file.Files;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class DownloadQueueTest extends AgainstQueue {

    @Test
    void addedDownloadsCompleteExactAndAnnounceStartAndComplete() throws Exception {
        var contents = List.of(Content.generated(300_000, 1), Content.generated(5 << 20, 2), Content.generated(0, 3));
        for (int i = 0; i < contents.size(); i++) {
            server.add("/f" + i, contents.get(i));
        }
        var gids = List.of(add("/f0"), add("/f1"), add("/f2"));
        for (int i = 0; i < gids.size(); i++) {
            var done = awaitState(gids.get(i), State.COMPLETE);
            assertEquals(contents.get(i).sha256Hex(), Sha256.of(done.target()));
            assertEquals(contents.get(i).size(), done.size());
            assertEquals(done.size(), done.done());
            assertTrue(done.result() instanceof FileResult.Downloaded);
            assertEquals(List.of(new QueueEvent.Started(gids.get(i)), new QueueEvent.Completed(gids.get(i))),
                    announcedFor(gids.get(i), 2));
        }
        assertEquals(new DownloadQueue.Stats(0, 0, 3, 3, 0), queue().stats());
    }

    @Test
    void aMissingFileEndsAsAnErrorWithItsResult() throws Exception {
        long gid = add("/missing");
        var failed = awaitState(gid, State.ERROR);
        assertTrue(failed.result() instanceof FileResult.NotFound notFound && notFound.status() == 404);
        assertEquals(List.of(new QueueEvent.Started(gid), new QueueEvent.Failed(gid)), announcedFor(gid, 2));
    }

    @Test
    void aPausedActiveDownloadContinuesItsPartFileWhenResumed() throws Exception {
        var content = Content.generated(1 << 20, 7);
        server.add("/big", content);
        server.behave("/big", Behaviour.builder().stallAfter(200_000).build());
        long gid = add("/big");
        Poll.until(AgainstQueue.PATIENCE, "bytes on disk", () -> status(gid), s -> s.done() >= 200_000);

        queue().pause(gid); // returns once paused
        var paused = status(gid);
        assertEquals(State.PAUSED, paused.state());
        assertEquals(0, paused.connections());
        assertEquals(List.of(new QueueEvent.Started(gid), new QueueEvent.Paused(gid)), announcedFor(gid, 2));

        server.behave("/big", Behaviour.NORMAL);
        server.resetStats();
        queue().resume(gid);
        var done = awaitState(gid, State.COMPLETE);
        assertEquals(content.sha256Hex(), Sha256.of(done.target()));
        assertEquals("big", done.target().getFileName().toString());
        // Besides the probe (from byte 0, whose record may come in late), only the rest was asked for.
        assertEquals(List.of("bytes=200000-" + (content.size() - 1)), server.requests().stream().map(r -> r.rangeHeader())
                .filter(range -> !range.startsWith("bytes=0-")).toList());
        assertEquals(List.of(new QueueEvent.Started(gid), new QueueEvent.Paused(gid), new QueueEvent.Started(gid),
                new QueueEvent.Completed(gid)), announcedFor(gid, 4));
    }

    @Test
    void aDownloadAddedPausedSendsNothingUntilResumed() throws Exception {
        var content = Content.generated(10_000, 3);
        server.add("/later", content);
        long gid = queue().add(DownloadQueue.Addition.of(DownloadRequest.of(server.uri("/later")), settings().build())
                .paused(true));
        assertEquals(State.PAUSED, status(gid).state());
        assertEquals(new DownloadQueue.Stats(0, 1, 0, 0, 0), queue().stats());
        assertEquals(0, server.requests().size());

        queue().resume(gid);
        assertEquals(content.sha256Hex(), Sha256.of(awaitState(gid, State.COMPLETE).target()));
    }

    @Test
    void removingAnActiveDownloadLeavesARemovedResult() throws Exception {
        server.add("/big", Content.generated(1 << 20, 7));
        server.behave("/big", Behaviour.builder().stallAfter(100_000).build());
        long gid = add("/big");
        Poll.until(AgainstQueue.PATIENCE, "bytes on disk", () -> status(gid), s -> s.done() > 0);

        queue().remove(gid);
        var removed = status(gid);
        assertEquals(State.REMOVED, removed.state());
        assertTrue(removed.result() instanceof FileResult.Cancelled);
        assertEquals(List.of(removed), queue().stopped(0, 10));
        assertEquals(List.of(new QueueEvent.Started(gid), new QueueEvent.Removed(gid)), announcedFor(gid, 2));
        assertTrue(Files.notExists(dir.resolve("big")), "no file under the final name");
    }

    @Test
    void removingADownloadThatNeverStartedForgetsIt() {
        server.add("/later", Content.generated(10, 3));
        long gid = queue().add(DownloadQueue.Addition.of(DownloadRequest.of(server.uri("/later")), settings().build())
                .paused(true));
        queue().remove(gid);
        assertTrue(queue().status(gid).isEmpty());
        assertEquals(new DownloadQueue.Stats(0, 0, 0, 0, 0), queue().stats());
        assertTrue(announced.isEmpty());
    }

    @Test
    void raisingFilesAtOnceStartsWaitingDownloadsAtOnce() throws Exception {
        server.add("/a", Content.generated(1 << 20, 1));
        server.add("/b", Content.generated(1 << 20, 2));
        server.behave("/a", Behaviour.builder().stallAfter(1000).build());
        server.behave("/b", Behaviour.builder().stallAfter(1000).build());
        queue(1);
        long a = add("/a");
        long b = add("/b");
        awaitState(a, State.ACTIVE);
        assertEquals(State.WAITING, status(b).state());

        queue().filesAtOnce(2);
        awaitState(b, State.ACTIVE);
        assertEquals(2, queue().stats().active());
    }

    @Test
    void movingAWaitingDownloadClampsToTheQueue() {
        queue(1).pauseAll();
        var gids = new long[4];
        for (int i = 0; i < gids.length; i++) {
            gids[i] = queue().add(DownloadQueue.Addition.of(DownloadRequest.of(server.uri("/w" + i)), settings().build())
                    .paused(true));
        }
        assertEquals(0, queue().move(gids[2], 0, Whence.SET));
        assertEquals(3, queue().move(gids[2], 10, Whence.CUR));
        assertEquals(2, queue().move(gids[2], -1, Whence.END));
        assertEquals(List.of(gids[0], gids[1], gids[2], gids[3]),
                queue().waiting(0, 10).stream().map(s -> s.gid()).toList());
        assertEquals(List.of(gids[1], gids[2]), queue().waiting(1, 2).stream().map(s -> s.gid()).toList());
    }

    @Test
    void anUnknownGidOrAWrongStateIsRefusedInWords() throws Exception {
        var unknown = assertThrows(NoSuchElementException.class, () -> queue().pause(0x1234));
        assertEquals("GID 0000000000001234 is not found", unknown.getMessage());
        server.add("/small", Content.generated(10, 1));
        long gid = add("/small");
        awaitState(gid, State.COMPLETE);
        var stopped = assertThrows(IllegalStateException.class, () -> queue().pause(gid));
        assertEquals("GID#%016x cannot be paused now".formatted(gid), stopped.getMessage());
    }

    @Test
    void resultsCanBeForgottenOneByOneOrAll() throws Exception {
        server.add("/a", Content.generated(10, 1));
        server.add("/b", Content.generated(10, 2));
        long a = add("/a");
        long b = add("/b");
        awaitState(a, State.COMPLETE);
        awaitState(b, State.COMPLETE);

        queue().removeResult(a);
        assertTrue(queue().status(a).isEmpty());
        queue().purgeResults();
        assertTrue(queue().status(b).isEmpty());
        assertEquals(new DownloadQueue.Stats(0, 0, 0, 2, 0), queue().stats());
    }

    @Test
    void aGivenGidIsKeptAndCannotBeTakenTwice() {
        var addition = DownloadQueue.Addition.of(DownloadRequest.of(server.uri("/x")), settings().build())
                .paused(true).withGid(0xabcdefL);
        assertEquals(0xabcdefL, queue().add(addition));
        assertThrows(IllegalArgumentException.class, () -> queue().add(addition));
    }
}
