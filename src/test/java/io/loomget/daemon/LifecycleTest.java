package io.loomget.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.testsupport.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Downloads driven through aria2's methods: added, complete, not found, paused and resumed, removed, results forgotten. */
class LifecycleTest extends OnDaemon {

    @Test
    void addUriAnswersA16HexGidAndTheFileCompletesExact() throws Exception {
        var gid = add("/big.bin", Map.of("max-connection-per-server", "4", "split", "4", "min-split-size", "1M"));
        assertTrue(gid.matches("[0-9a-f]{16}"), gid);
        var done = awaitStatus(gid, "complete");
        assertEquals("0", done.get("errorCode"));
        assertEquals("", done.get("errorMessage"));
        assertEquals(Long.toString(BIG.size()), done.get("totalLength"));
        assertEquals(done.get("totalLength"), done.get("completedLength"));
        assertEquals("0", done.get("connections"));
        var file = (Map<?, ?>) ((List<?>) done.get("files")).getFirst();
        assertEquals(dir.resolve("big.bin").toAbsolutePath().toString(), file.get("path"));
        assertEquals(BIG.sha256Hex(), Sha256.of(dir.resolve("big.bin")));
    }

    @Test
    void notFoundEndsAsErrorCode3ResourceNotFound() throws Exception {
        var gid = add("/missing.bin", Map.of());
        var failed = awaitStatus(gid, "error");
        assertEquals("3", failed.get("errorCode"));
        assertEquals("Resource not found", failed.get("errorMessage"));
        assertEquals("0", failed.get("totalLength"));
        var file = (Map<?, ?>) ((List<?>) failed.get("files")).getFirst();
        assertEquals(List.of(Map.of("uri", url("/missing.bin"), "status", "used")), file.get("uris"),
                "tried, as aria2 says of it");
    }

    @Test
    void aDownloadNamedByOutShowsItsPathBeforeItStarts() {
        var gid = add("/small.bin", Map.of("pause", "true", "out", "named.bin"));
        var file = (Map<?, ?>) ((List<?>) status(gid).get("files")).getFirst();
        assertEquals(dir.resolve("named.bin").toAbsolutePath().toString(), file.get("path"), "as aria2 shows it");
        var unnamed = add("/small.bin", Map.of("pause", "true"));
        assertEquals("", ((Map<?, ?>) ((List<?>) status(unnamed).get("files")).getFirst()).get("path"),
                "the name comes with the answer");
    }

    @Test
    void aDownloadPausedMidwayShowsItsUriAsUsedAsAria2Does() throws Exception {
        var gid = (String) rpc.call("aria2.addUri", List.of(url("/slow.bin"), url("/mirror/slow.bin")), Map.of());
        awaitSomeBytes(gid);
        rpc.call("aria2.pause", gid);

        assertEquals(List.of(Map.of("uri", url("/slow.bin"), "status", "used"),
                Map.of("uri", url("/mirror/slow.bin"), "status", "waiting")), rpc.list("aria2.getUris", gid));
    }

    @Test
    void pauseStopsItAndUnpauseContinuesThePartFileToTheExactFile() throws Exception {
        var gid = add("/slow.bin", Map.of());
        awaitSomeBytes(gid);
        assertEquals(gid, rpc.call("aria2.pause", gid));
        var paused = status(gid); // pause returns once the download has stopped
        assertEquals("paused", paused.get("status"));
        assertEquals("0", paused.get("connections"));
        long kept = Long.parseLong((String) paused.get("completedLength"));
        assertTrue(kept > 0 && kept < SLOW.size(), "kept " + kept);
        server.resetStats();

        assertEquals(gid, rpc.call("aria2.unpause", gid));
        awaitStatus(gid, "complete");
        assertEquals(SLOW.sha256Hex(), Sha256.of(dir.resolve("slow.bin")));
        assertTrue(server.bytesSent("/slow.bin") < SLOW.size() - kept + (1 << 20),
                "resumed from its part file: sent " + server.bytesSent("/slow.bin") + " after " + kept + " were kept");
        assertFalse(Files.exists(dir.resolve("slow.1.bin")));
    }

    @Test
    void addedPausedWaitsWithStatusPausedUntilUnpaused() throws Exception {
        var gid = add("/small.bin", Map.of("pause", "true"));
        var waiting = status(gid);
        assertEquals("paused", waiting.get("status"));
        assertEquals("0", waiting.get("totalLength"));
        assertEquals(0, server.requestCount("/small.bin"));
        rpc.call("aria2.unpause", gid);
        awaitStatus(gid, "complete");
        assertEquals(SMALL.sha256Hex(), Sha256.of(dir.resolve("small.bin")));
    }

    @Test
    void removingAnActiveDownloadLeavesAResultRemovedWithCode31() throws Exception {
        var gid = add("/slow.bin", Map.of());
        awaitSomeBytes(gid);
        assertEquals(gid, rpc.call("aria2.remove", gid));
        var removed = status(gid);
        assertEquals("removed", removed.get("status"));
        assertEquals("31", removed.get("errorCode"));
        var stopped = rpc.list("aria2.tellStopped", 0, 10, List.of("gid", "status"));
        assertEquals(List.of(Map.of("gid", gid, "status", "removed")), stopped);
        assertFalse(Files.exists(dir.resolve("slow.bin")), "no final name for a removed download");
    }

    @Test
    void removingADownloadPausedMidwayForgetsItAndKeepsItsPartFile() throws Exception {
        var gid = add("/slow.bin", Map.of());
        awaitSomeBytes(gid);
        rpc.call("aria2.pause", gid);
        assertEquals(gid, rpc.call("aria2.remove", gid));
        var e = assertThrows(RpcClient.Failure.class, () -> status(gid));
        assertEquals("GID " + gid + " is not found", e.getMessage(), "as aria2 forgets it");
        assertEquals(List.of(), rpc.list("aria2.tellStopped", 0, 10));
        assertTrue(Files.exists(dir.resolve("slow.bin.part")), "the part file stays, as aria2 leaves it");
        assertFalse(Files.exists(dir.resolve("slow.bin")));
    }

    @Test
    void removingADownloadThatNeverStartedForgetsIt() {
        var gid = add("/small.bin", Map.of("pause", "true"));
        assertEquals(gid, rpc.call("aria2.forceRemove", gid));
        var e = assertThrows(RpcClient.Failure.class, () -> status(gid));
        assertEquals("GID " + gid + " is not found", e.getMessage());
        assertEquals(List.of(), rpc.list("aria2.tellStopped", 0, 10));
    }

    @Test
    void removeDownloadResultForgetsOneAndPurgeForgetsAll() throws Exception {
        var a = add("/small.bin", Map.of());
        var b = add("/missing.bin", Map.of());
        awaitStatus(a, "complete");
        awaitStatus(b, "error");
        assertEquals("OK", rpc.call("aria2.removeDownloadResult", a));
        assertThrows(RpcClient.Failure.class, () -> status(a));
        assertEquals(1, rpc.list("aria2.tellStopped", 0, 10).size());
        assertEquals("OK", rpc.call("aria2.purgeDownloadResult"));
        assertEquals(List.of(), rpc.list("aria2.tellStopped", 0, 10));
        var stats = rpc.struct("aria2.getGlobalStat");
        assertEquals("0", stats.get("numStopped"));
        assertEquals("2", stats.get("numStoppedTotal"), "purge does not lower the total");
    }

    @Test
    void pauseAllAndUnpauseAllCoverWaitingDownloads() throws Exception {
        rpc.call("aria2.changeGlobalOption", Map.of("max-concurrent-downloads", "1"));
        var first = add("/slow.bin", Map.of());
        var second = add("/small.bin", Map.of());
        awaitSomeBytes(first);
        assertEquals("OK", rpc.call("aria2.forcePauseAll"));
        awaitStatus(first, "paused"); // pauseAll, unlike pause, does not wait for the active one to stop
        assertEquals("paused", status(second).get("status"));
        assertEquals("OK", rpc.call("aria2.unpauseAll"));
        awaitStatus(first, "complete");
        awaitStatus(second, "complete");
        assertEquals(SLOW.sha256Hex(), Sha256.of(dir.resolve("slow.bin")));
    }

    @Test
    void anExistingFileIsNotOverwrittenButTheNewOneIsRenamed() throws Exception {
        Files.writeString(dir.resolve("small.bin"), "mine");
        var gid = add("/small.bin", Map.of());
        var done = awaitStatus(gid, "complete");
        assertEquals("mine", Files.readString(dir.resolve("small.bin")));
        var path = Path.of((String) ((Map<?, ?>) ((List<?>) done.get("files")).getFirst()).get("path"));
        assertEquals(SMALL.sha256Hex(), Sha256.of(path));
    }

    @Test
    void aPortAlreadyTakenEndsTheDaemonWithExit1AndALineSayingSoBeforeAnyDownloadStarts() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            var config = new DaemonConfig(port, SECRET, false, false, 2L << 20, false, null, java.time.Duration.ZERO);
            var out = new java.io.StringWriter();
            var err = new java.io.StringWriter();
            int before = server.requests().size();

            int exit = new Daemon(config, RunningDaemon.settings(dir), new io.loomget.Hooks(null, null, line -> {}),
                    new java.io.PrintWriter(out), new java.io.PrintWriter(err)).run(List.of(url("/small.bin")), null);

            assertEquals(1, exit);
            assertTrue(err.toString().startsWith("loomget: cannot listen on 127.0.0.1:" + port + ": "), err.toString());
            assertEquals("", out.toString());
            assertEquals(before, server.requests().size(), "the command line's URL was not fetched");
        }
    }
}
