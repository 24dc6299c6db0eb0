package io.loomget.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The methods about the daemon: version, session, method lists, multicall, and the BitTorrent/Metalink refusals. */
class InfoMethodsTest extends OnDaemon {

    @Test
    void listMethodsNamesAll36WithPrefixesAndNeedsNoToken() {
        var anonymous = new RpcClient(rpc.port, null);
        var names = anonymous.list("system.listMethods");
        assertEquals(36, names.size());
        assertTrue(names.stream().allMatch(n -> ((String) n).startsWith("aria2.") || ((String) n).startsWith("system.")));
        assertEquals(List.of("aria2.onDownloadStart", "aria2.onDownloadPause", "aria2.onDownloadStop",
                "aria2.onDownloadComplete", "aria2.onDownloadError", "aria2.onBtDownloadComplete"),
                anonymous.list("system.listNotifications"));
    }

    @Test
    void getVersionAndGetSessionInfo() {
        var version = rpc.struct("aria2.getVersion");
        assertTrue(version.get("version") instanceof String);
        assertTrue(version.get("enabledFeatures") instanceof List);
        assertTrue(((String) rpc.struct("aria2.getSessionInfo").get("sessionId")).matches("[0-9a-f]{40}"));
    }

    @Test
    void saveSessionWithoutAFileSaysSo() {
        assertEquals("Filename is not given.", assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.saveSession")).getMessage());
    }

    @Test
    void bitTorrentAndMetalinkAreRefusedWithCode1() {
        for (var method : List.of("aria2.addTorrent", "aria2.addMetalink")) {
            var e = assertThrows(RpcClient.Failure.class, () -> rpc.call(method, "x"));
            assertEquals(1, e.code);
            assertTrue(e.getMessage().contains("not supported"), e.getMessage());
        }
    }

    @Test
    void getPeersOfAnHttpDownloadIsEmptyAsInAria2() throws Exception {
        var gid = (String) rpc.call("aria2.addUri", List.of("http://127.0.0.1:9/x"), Map.of("pause", "true"));
        assertEquals(List.of(), rpc.call("aria2.getPeers", gid));
        var failed = (String) rpc.call("aria2.addUri", List.of("http://127.0.0.1:9/y"), Map.of("max-tries", "1"));
        awaitStatus(failed, "error");
        assertEquals("No peer data is available for GID#" + failed,
                assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.getPeers", failed)).getMessage());
        assertEquals("GID 0123456789abcdef is not found",
                assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.getPeers", "0123456789abcdef")).getMessage());
        assertEquals("Invalid GID x", assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.getPeers", "x")).getMessage());
    }

    @Test
    void addUriPercentEncodesWhatMayNotStandInAUriAsAria2Does() {
        var gid = (String) rpc.call("aria2.addUri", List.of("http://127.0.0.1:9/a b|c\u00fc.txt?q=x y"), Map.of("pause", "true"));
        assertEquals(List.of(Map.of("uri", "http://127.0.0.1:9/a%20b%7Cc%C3%BC.txt?q=x%20y", "status", "waiting")),
                rpc.call("aria2.getUris", gid));
        var plain = (String) rpc.call("aria2.addUri", List.of("http://127.0.0.1:9/%41%20x?y=[1]"), Map.of("pause", "true"));
        assertEquals("http://127.0.0.1:9/%41%20x?y=[1]", ((Map<?, ?>) ((List<?>) rpc.call("aria2.getUris", plain)).getFirst()).get("uri"));
    }

    @Test
    void addUriWithoutUsableUrisIsRefused() {
        assertEquals("URI is not provided.", assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.addUri", List.of())).getMessage());
        assertEquals("No URI to download.",
                assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.addUri", List.of("not a uri"))).getMessage());
    }

    @Test
    void addUriSkipsUrisThatAreNotStringsAsAria2Does() {
        var gid = (String) rpc.call("aria2.addUri", List.of(5, "http://127.0.0.1:9/a.bin"), Map.of("pause", "true"));
        assertEquals(List.of(Map.of("uri", "http://127.0.0.1:9/a.bin", "status", "waiting")), rpc.call("aria2.getUris", gid));
        assertEquals("URI is not provided.",
                assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.addUri", List.of(5))).getMessage());
    }

    @Test
    void multicallWrapsSuccessesInArraysAndLeavesFailuresBare() {
        var token = "token:" + SECRET;
        var answers = (List<?>) RpcClient.result(rpc.post(rpc.request("system.multicall", List.of(List.of(
                Map.of("methodName", "aria2.getSessionInfo", "params", List.of(token)),
                Map.of("methodName", "aria2.nope", "params", List.of(token)),
                Map.of("methodName", "aria2.getVersion", "params", List.of("token:wrong")),
                Map.of("methodName", "system.multicall", "params", List.of()),
                "not a struct",
                Map.of("params", List.of()))))));
        assertTrue(answers.get(0) instanceof List<?> one && one.size() == 1 && one.getFirst() instanceof Map, answers.toString());
        assertEquals(Map.of("code", 1L, "message", "No such method: aria2.nope"), answers.get(1));
        assertEquals(Map.of("code", 1L, "message", "Unauthorized"), answers.get(2));
        assertEquals(Map.of("code", 1L, "message", "Recursive system.multicall forbidden."), answers.get(3));
        assertEquals(Map.of("code", 1L, "message", "system.multicall expected struct."), answers.get(4));
        assertEquals(Map.of("code", 1L, "message", "Missing methodName."), answers.get(5));
    }

    @Test
    void multicallTakesNoOuterToken() {
        var reply = rpc.post(rpc.request("system.multicall", List.of("token:" + SECRET, List.of())));
        assertEquals("The parameter at 0 has wrong type.", assertThrows(RpcClient.Failure.class, () -> RpcClient.result(reply)).getMessage());
    }

    @Test
    void shutdownAnswersOkThenStopsTheDaemon() {
        assertEquals("OK", rpc.call("aria2.shutdown"));
        io.loomget.testsupport.Poll.await("the daemon to stop", java.time.Duration.ofSeconds(30), daemon::stopped);
    }
}
