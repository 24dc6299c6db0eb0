package io.loomget.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Behaviour;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The queue's lists and places as aria2 shows them: tellWaiting/tellStopped pages, tellStatus keys, changePosition, URIs, servers, counts. */
class QueueMethodsTest extends OnDaemon {

    private List<String> addPaused(int n) {
        var gids = new ArrayList<String>();
        for (int i = 0; i < n; i++) {
            gids.add(add("/small.bin", Map.of("pause", "true")));
        }
        return gids;
    }

    private List<Object> gids(List<Object> structs) {
        return structs.stream().map(s -> (Object) ((Map<?, ?>) s).get("gid")).toList();
    }

    @Test
    void tellWaitingPagesForwardsAndANegativeOffsetCountsBackwardsFromTheEnd() {
        var g = addPaused(5);
        assertEquals(List.of(g.get(1), g.get(2)), gids(rpc.list("aria2.tellWaiting", 1, 2, List.of("gid"))));
        assertEquals(List.of(g.get(4), g.get(3), g.get(2)), gids(rpc.list("aria2.tellWaiting", -1, 3, List.of("gid"))));
        assertEquals(List.of(g.get(1), g.get(0)), gids(rpc.list("aria2.tellWaiting", -4, 5, List.of("gid"))));
        assertEquals(List.of(), rpc.list("aria2.tellWaiting", 9, 3));
        var e = assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.tellWaiting", 0, -1));
        assertTrue(e.getMessage().startsWith("The integer parameter at 1 has invalid value"), e.getMessage());
        assertEquals("The parameter at 0 has wrong type.",
                assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.tellWaiting", "0", "1")).getMessage());
    }

    @Test
    void tellStatusWithKeysAnswersOnlyThoseKeys() {
        var gid = addPaused(1).getFirst();
        assertEquals(Map.of("gid", gid, "status", "paused"), rpc.struct("aria2.tellStatus", gid, List.of("gid", "status", "nope")));
        var all = rpc.struct("aria2.tellStatus", gid);
        for (var key : List.of("gid", "status", "totalLength", "completedLength", "uploadLength", "downloadSpeed",
                "uploadSpeed", "connections", "dir", "files", "numPieces", "pieceLength")) {
            assertTrue(all.containsKey(key), key + " in " + all);
        }
        all.forEach((key, value) -> assertTrue(value instanceof String || key.equals("files"), key + " is a string"));
    }

    @Test
    void addUriAtAPositionPutsItThereAndANegativePositionIsRefusedAsAria2RefusesIt() {
        var g = addPaused(2);
        var first = (String) rpc.call("aria2.addUri", List.of(url("/small.bin")), Map.of("pause", "true"), 0);
        assertEquals(List.of(first, g.get(0), g.get(1)), gids(rpc.list("aria2.tellWaiting", 0, 9, List.of("gid"))));
        var e = assertThrows(RpcClient.Failure.class,
                () -> rpc.call("aria2.addUri", List.of(url("/small.bin")), Map.of("pause", "true"), -1));
        assertEquals("Position must be greater than or equal to 0.", e.getMessage());
        assertEquals(3, rpc.list("aria2.tellWaiting", 0, 9).size(), "nothing added");
    }

    @Test
    void changePositionNamesAnUnknownGidBeforeABadOriginAsAria2Does() {
        assertEquals("GID 0123456789abcdef is not found", assertThrows(RpcClient.Failure.class,
                () -> rpc.call("aria2.changePosition", "0123456789abcdef", 0, "POS_XXX")).getMessage());
    }

    @Test
    void changeUriRefusesABadIndexOrPositionAndAStoppedDownloadInAria2sWords() throws Exception {
        var paused = add("/small.bin", Map.of("pause", "true"));
        var done = add("/small.bin", Map.of("out", "done.bin"));
        awaitStatus(done, "complete");
        var none = List.of();

        assertEquals("The integer parameter at 1 has invalid value: the value must be greater than or equal to 1.",
                assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.changeUri", paused, 0, none, none)).getMessage());
        assertEquals("fileIndex is out of range",
                assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.changeUri", paused, 2, none, none)).getMessage());
        assertEquals("Position must be greater than or equal to 0.", assertThrows(RpcClient.Failure.class,
                () -> rpc.call("aria2.changeUri", paused, 1, none, List.of(url("/big.bin")), -1)).getMessage());
        assertEquals("Cannot remove URIs from GID#" + done,
                assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.changeUri", done, 1, none, none)).getMessage());
        assertEquals(List.of(Map.of("uri", url("/small.bin"), "status", "waiting")), rpc.call("aria2.getUris", paused),
                "nothing changed");
    }

    @Test
    void aGidMayBeGivenAsAUniquePrefixAsAria2sConsoleShowsIt() {
        add("/small.bin", Map.of("pause", "true", "gid", "abcdef1000000000"));
        add("/small.bin", Map.of("pause", "true", "gid", "abcdef2000000000"));

        assertEquals("abcdef2000000000", rpc.struct("aria2.tellStatus", "ABCDEF2", List.of("gid")).get("gid"));
        assertEquals("GID abcdef is not unique",
                assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.tellStatus", "abcdef")).getMessage());
        assertEquals("GID 2 is not found",
                assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.changePosition", "2", 0, "POS_SET")).getMessage());
        assertEquals("abcdef1000000000", rpc.call("aria2.remove", "abcdef1"));
    }

    @Test
    void changePositionMovesAWaitingDownloadAndAnswersItsPlace() {
        var g = addPaused(3);
        assertEquals(0L, rpc.call("aria2.changePosition", g.get(2), 0, "POS_SET"));
        assertEquals(List.of(g.get(2), g.get(0), g.get(1)), gids(rpc.list("aria2.tellWaiting", 0, 9, List.of("gid"))));
        assertEquals(2L, rpc.call("aria2.changePosition", g.get(2), 0, "POS_END"));
        assertEquals(1L, rpc.call("aria2.changePosition", g.get(2), -1, "POS_CUR"));
        assertEquals("Illegal argument.",
                assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.changePosition", g.get(0), 0, "POS_X")).getMessage());
    }

    @Test
    void getUrisGetFilesAndChangeUriOfAWaitingDownload() {
        var gid = addPaused(1).getFirst();
        assertEquals(List.of(Map.of("uri", url("/small.bin"), "status", "waiting")), rpc.list("aria2.getUris", gid));
        assertEquals(List.of(1L, 1L), rpc.call("aria2.changeUri", gid, 1, List.of(url("/small.bin")), List.of(url("/big.bin"))));
        assertEquals(List.of(Map.of("uri", url("/big.bin"), "status", "waiting")), rpc.list("aria2.getUris", gid));
        var files = rpc.list("aria2.getFiles", gid);
        assertEquals("1", ((Map<?, ?>) files.getFirst()).get("index"));
        assertEquals("true", ((Map<?, ?>) files.getFirst()).get("selected"));
    }

    @Test
    void getServersAnswersForAnActiveDownloadOnly() throws Exception {
        var gid = add("/slow.bin", Map.of());
        awaitSomeBytes(gid);
        var servers = (List<?>) ((Map<?, ?>) rpc.list("aria2.getServers", gid).getFirst()).get("servers");
        assertEquals(url("/slow.bin"), ((Map<?, ?>) servers.getFirst()).get("uri"));
        rpc.call("aria2.remove", gid);
        assertEquals("No active download for GID#" + gid,
                assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.getServers", gid)).getMessage());
        assertEquals("No URI data is available for GID#" + gid,
                assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.getUris", gid)).getMessage());
        assertEquals("GID#" + gid + " not found in the waiting queue.",
                assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.changePosition", gid, 0, "POS_SET")).getMessage());
    }

    /** {@code getServers}' entries for the download's one file. */
    private List<Map<?, ?>> servers(String gid) {
        var file = (Map<?, ?>) rpc.list("aria2.getServers", gid).getFirst();
        assertEquals("1", file.get("index"));
        return ((List<?>) file.get("servers")).stream().<Map<?, ?>>map(s -> (Map<?, ?>) s).toList();
    }

    @Test
    void getServersShowsTheMirrorInUseWhenTheFirstUriIsNotFound() throws Exception {
        var gid = (String) rpc.call("aria2.addUri", List.of(url("/gone.bin"), url("/slow.bin")), Map.of());
        awaitSomeBytes(gid);

        var servers = servers(gid);

        assertFalse(servers.isEmpty(), "a connection is fetching");
        for (var s : servers) {
            assertEquals(url("/slow.bin"), s.get("uri"), servers::toString);
            assertEquals(url("/slow.bin"), s.get("currentUri"), servers::toString);
            assertTrue(s.get("downloadSpeed") instanceof String, servers::toString);
        }
    }

    @Test
    void getServersShowsWhereARedirectedMirrorLandsAsItsCurrentUri() throws Exception {
        server.behave("/busy.bin", Behaviour.builder().status(503).build())
                .behave("/moved.bin", Behaviour.builder().redirectTo(url("/slow.bin")).build());
        var gid = (String) rpc.call("aria2.addUri", List.of(url("/busy.bin"), url("/moved.bin")),
                Map.of("max-tries", "1"));
        awaitSomeBytes(gid);

        var servers = servers(gid);

        assertFalse(servers.isEmpty(), "a connection is fetching");
        for (var s : servers) {
            assertEquals(url("/moved.bin"), s.get("uri"), "the mirror as given: " + servers);
            assertEquals(url("/slow.bin"), s.get("currentUri"), "where it led: " + servers);
        }
    }

    @Test
    void tellActiveAndGetGlobalStatCountAsAria2Does() throws Exception {
        var active = add("/slow.bin", Map.of());
        awaitSomeBytes(active);
        addPaused(2);
        assertEquals(List.of(Map.of("gid", active)), rpc.list("aria2.tellActive", List.of("gid")));
        var stats = rpc.struct("aria2.getGlobalStat");
        assertEquals(List.of("downloadSpeed", "numActive", "numStopped", "numStoppedTotal", "numWaiting", "uploadSpeed"),
                List.copyOf(stats.keySet()));
        assertEquals("1", stats.get("numActive"));
        assertEquals("2", stats.get("numWaiting"), "paused downloads count as waiting");
    }

    @Test
    void maxConcurrentDownloadsChangesTheQueueLive() throws Exception {
        rpc.call("aria2.changeGlobalOption", Map.of("max-concurrent-downloads", "1"));
        var first = add("/slow.bin", Map.of());
        var second = add("/big.bin", Map.of());
        awaitSomeBytes(first);
        assertEquals("waiting", status(second).get("status"));
        assertEquals("1", rpc.struct("aria2.getGlobalOption").get("max-concurrent-downloads"));
        rpc.call("aria2.changeGlobalOption", Map.of("max-concurrent-downloads", "2"));
        awaitStatus(second, "complete");
        assertEquals("active", status(first).get("status"));
    }

    @Test
    void unknownAndMalformedGidsAreRefusedInAria2sWords() {
        assertEquals("GID 0123456789abcdef is not found",
                assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.tellStatus", "0123456789abcdef")).getMessage());
        assertEquals("Invalid GID zzzz",
                assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.pause", "zzzz")).getMessage());
        assertEquals("The parameter at 0 has wrong type.",
                assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.tellStatus", 123)).getMessage());
        assertEquals("The parameter at 0 is required but missing.",
                assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.tellStatus")).getMessage());
        var gid = addPaused(1).getFirst();
        assertEquals("The parameter at 1 has wrong type.",
                assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.tellStatus", gid, "gid")).getMessage());
    }
}
