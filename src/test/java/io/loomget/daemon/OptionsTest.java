package io.loomget.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.testsupport.Sha256;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** aria2's options over RPC: shown as strings, sizes normalised, unknown ones ignored, bad values refused in aria2's words. */
class OptionsTest extends OnDaemon {

    private static String problem(String option) {
        return "We encountered a problem while processing the option '--" + option + "'.";
    }

    @Test
    void getOptionShowsEverySupportedOptionAsStringsWithSizesNormalised() {
        var gid = add("/small.bin", Map.of("pause", "true", "min-split-size", "1M", "split", 3,
                "max-connection-per-server", "2", "out", "x.bin", "header", List.of("X-A: 1")));
        var options = rpc.struct("aria2.getOption", gid);
        assertEquals("1048576", options.get("min-split-size"));
        assertEquals("3", options.get("split"));
        assertEquals("2", options.get("max-connection-per-server"));
        assertEquals("x.bin", options.get("out"));
        assertEquals("X-A: 1", options.get("header"));
        assertEquals(dir.toAbsolutePath().toString(), options.get("dir"));
        for (var key : List.of("continue", "allow-overwrite", "timeout", "max-tries", "retry-wait", "user-agent")) {
            assertTrue(options.get(key) instanceof String, key + " in " + options);
        }
    }

    @Test
    void unknownOptionsAreIgnoredSilently() throws Exception {
        var gid = add("/small.bin", Map.of("max-connection-per-file", "4", "bt-max-peers", "3"));
        awaitStatus(gid, "complete");
    }

    @Test
    void aListForAnOptionOfOneValueIsIgnoredAsAria2IgnoresIt() throws Exception {
        var gid = add("/small.bin", Map.of("out", List.of("a", "b")));
        awaitStatus(gid, "complete");
        assertEquals(SMALL.sha256Hex(), Sha256.of(dir.resolve("small.bin")));
    }

    @Test
    void nullAndStructValuesAreIgnoredAsAria2IgnoresThem() {
        var options = new java.util.HashMap<String, Object>(Map.of("pause", "true", "split", Map.of("n", 3),
                "header", java.util.Arrays.asList(5, "X-A: 1")));
        options.put("out", null); // what a client's {out: name || null} sends
        var gid = add("/small.bin", options);

        var shown = rpc.struct("aria2.getOption", gid);
        assertEquals(false, shown.containsKey("out"));
        assertEquals(rpc.struct("aria2.getGlobalOption").get("split"), shown.get("split"));
        assertEquals("X-A: 1", shown.get("header"), "the strings of the list");
    }

    @Test
    void aBadValueIsRefusedNamingTheOption() {
        for (var bad : List.of(Map.<String, Object>of("split", "abc"), Map.<String, Object>of("split", "0"),
                Map.<String, Object>of("min-split-size", "lots"), Map.<String, Object>of("continue", "maybe"),
                Map.<String, Object>of("checksum", "sha-256=zz"), Map.<String, Object>of("header", "NoColon"),
                Map.<String, Object>of("header", "Host: elsewhere"), Map.<String, Object>of("referer", "a\nb"),
                Map.<String, Object>of("gid", "xyz"), Map.<String, Object>of("gid", "abc"),
                Map.<String, Object>of("gid", "0000000000000000"))) {
            var name = bad.keySet().iterator().next();
            var e = assertThrows(RpcClient.Failure.class, () -> add("/small.bin", bad));
            assertEquals(problem(name), e.getMessage());
            assertEquals(1, e.code);
        }
        assertEquals(List.of(), rpc.list("aria2.tellWaiting", 0, 10), "nothing was added");
    }

    @Test
    void changeOptionOfAWaitingDownloadAppliesWhenItStarts() throws Exception {
        var gid = add("/small.bin", Map.of("pause", "true"));
        assertEquals("OK", rpc.call("aria2.changeOption", gid, Map.of("out", "renamed.bin")));
        assertEquals("renamed.bin", rpc.struct("aria2.getOption", gid).get("out"));
        rpc.call("aria2.unpause", gid);
        awaitStatus(gid, "complete");
        assertEquals(SMALL.sha256Hex(), Sha256.of(dir.resolve("renamed.bin")));
    }

    @Test
    void changeOptionOfAStoppedDownloadIsRefused() throws Exception {
        var gid = add("/small.bin", Map.of());
        awaitStatus(gid, "complete");
        assertEquals("Cannot change option for GID#" + gid,
                assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.changeOption", gid, Map.of("split", "2"))).getMessage());
    }

    @Test
    void changeGlobalOptionSetsTheDefaultsOfNewDownloads() {
        assertEquals("OK", rpc.call("aria2.changeGlobalOption", Map.of("split", "2", "rpc-listen-port", "1", "nope", "x")));
        var global = rpc.struct("aria2.getGlobalOption");
        assertEquals("2", global.get("split"));
        assertEquals("0", global.get("rpc-listen-port"), "not changeable: ignored");
        assertEquals("30", global.get("connect-timeout"), "the HTTP client's, shared by all downloads");
        global.forEach((k, v) -> assertTrue(v instanceof String, k));
        var gid = add("/small.bin", Map.of("pause", "true"));
        assertEquals("2", rpc.struct("aria2.getOption", gid).get("split"));
        assertEquals(problem("split"),
                assertThrows(RpcClient.Failure.class, () -> rpc.call("aria2.changeGlobalOption", Map.of("split", "-1"))).getMessage());
    }

    @Test
    void headersGoWithTheDownloadsRequests() throws Exception {
        var gid = add("/small.bin", Map.of("header", List.of("X-Token: 42"), "user-agent", "agent/1"));
        awaitStatus(gid, "complete");
        assertFalse(server.requests().isEmpty());
        assertTrue(Files.exists(dir.resolve("small.bin")));
    }

    @Test
    void checksumIsVerified() throws Exception {
        var good = add("/small.bin", Map.of("checksum", "sha-256=" + SMALL.sha256Hex(), "out", "good.bin"));
        var bad = add("/small.bin", Map.of("checksum", "sha-256=" + BIG.sha256Hex(), "out", "bad.bin"));
        awaitStatus(good, "complete");
        var failed = awaitStatus(bad, "error");
        assertEquals("32", failed.get("errorCode"), "aria2's checksum validation failed");
        assertFalse(Files.exists(dir.resolve("bad.bin")));
    }

    @Test
    void speedLimitsPerDownloadAndOverallAreKeptAndShown() {
        var gid = add("/small.bin", Map.of("pause", "true"));
        assertEquals("0", rpc.struct("aria2.getOption", gid).get("max-download-limit"));
        assertEquals("OK", rpc.call("aria2.changeOption", gid, Map.of("max-download-limit", "1M")));
        assertEquals("1048576", rpc.struct("aria2.getOption", gid).get("max-download-limit"));

        assertEquals("OK", rpc.call("aria2.changeGlobalOption", Map.of("max-overall-download-limit", "10M")));
        assertEquals("10485760", rpc.struct("aria2.getGlobalOption").get("max-overall-download-limit"));
    }

    @Test
    void aLimitedDownloadStillCompletesExact() throws Exception {
        var gid = add("/big.bin", Map.of("max-download-limit", "64M"));
        awaitStatus(gid, "complete");
        assertEquals(BIG.sha256Hex(), io.loomget.testsupport.Sha256.of(dir.resolve("big.bin")));
    }

    @Test
    void aRunningDownloadsSpeedLimitChangesAtOnce() throws Exception {
        var gid = add("/big.bin", Map.of("max-download-limit", "1K")); // 4 MiB at 1 KiB/s: more than an hour
        awaitSomeBytes(gid);
        assertEquals("OK", rpc.call("aria2.changeOption", gid, Map.of("max-download-limit", "0")));
        awaitStatus(gid, "complete"); // the writer waiting at the old limit went on
        assertEquals(BIG.sha256Hex(), Sha256.of(dir.resolve("big.bin")));
    }

    @Test
    void allowOverwriteOfOneDownloadReplacesTheFileItNames() throws Exception {
        Files.writeString(dir.resolve("small.bin"), "old");
        Files.writeString(dir.resolve("kept.bin"), "old");
        var replacing = add("/small.bin", Map.of("allow-overwrite", "true"));
        var keeping = add("/small.bin", Map.of("out", "kept.bin"));
        awaitStatus(replacing, "complete");
        awaitStatus(keeping, "complete");
        assertEquals(SMALL.sha256Hex(), Sha256.of(dir.resolve("small.bin")));
        assertFalse(Files.exists(dir.resolve("small.1.bin")), "saved under the name it was allowed to replace");
        assertEquals("old", Files.readString(dir.resolve("kept.bin")), "a download without the option never replaces");
        assertEquals(SMALL.sha256Hex(), Sha256.of(dir.resolve("kept.1.bin")));
    }
}
