package io.loomget.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.testsupport.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's options a download has of its own over RPC (aria2's per-download list: conditional-get,
 * remote-time, lowest-speed-limit, no-netrc, http-user/http-passwd, referer, connect-timeout) and the
 * daemon-wide ones getGlobalOption lists: shown as aria2 shows them (the password never), refused in
 * aria2's words, changed by changeGlobalOption where aria2 changes them.
 */
class TransferOptionsTest extends OnDaemon {

    private static final String PASSWORD = "pa55-w0rd";
    /** Trickles its first request: 8 KiB/s for a request from byte 0, full speed from any other byte. */
    private static final Content TRICKLE = Content.generated(256 << 10, 18);

    private Path session;

    @Override
    RunningDaemon start() {
        session = dir.resolve("session.txt");
        var config = new DaemonConfig(0, SECRET, false, false, 2L << 20, false, session, Duration.ZERO);
        return new RunningDaemon(dir, config, RunningDaemon.settings(dir), List.of(), null);
    }

    private static String problem(String option) {
        return "We encountered a problem while processing the option '--" + option + "'.";
    }

    @Test
    void getOptionShowsTheDownloadsOwnValuesButNeverItsPassword() {
        var gid = add("/small.bin", Map.of("pause", "true", "conditional-get", "true", "remote-time", "true",
                "lowest-speed-limit", "10K", "no-netrc", "true", "http-user", "alice", "http-passwd", PASSWORD,
                "referer", "http://example.org/page"));
        var options = rpc.struct("aria2.getOption", gid);
        assertEquals("true", options.get("conditional-get"));
        assertEquals("true", options.get("remote-time"));
        assertEquals("10240", options.get("lowest-speed-limit"));
        assertEquals("false", options.get("no-netrc"), "the daemon reads no .netrc: there is none to turn off");
        assertEquals("alice", options.get("http-user"));
        assertFalse(options.containsKey("http-passwd"), options::toString);
        assertFalse(options.toString().contains(PASSWORD), options::toString);
        assertEquals("http://example.org/page", options.get("referer"));
        assertFalse(options.containsKey("header"), "the referer is not listed as a header too");
        assertEquals("30", options.get("connect-timeout"), "the queue's HTTP client's");
    }

    @Test
    void aDownloadWithoutThemShowsAria2sDefaults() {
        var options = rpc.struct("aria2.getOption", add("/small.bin", Map.of("pause", "true")));
        assertEquals("false", options.get("conditional-get"));
        assertEquals("false", options.get("remote-time"));
        assertEquals("0", options.get("lowest-speed-limit"));
        assertFalse(options.containsKey("http-user"), "aria2 lists it once set");
        assertFalse(options.containsKey("referer"), "aria2 lists it once set");
    }

    @Test
    void aBadValueIsRefusedInAria2sWords() {
        for (var bad : List.of(Map.of("conditional-get", "maybe"), Map.of("remote-time", "1"),
                Map.of("lowest-speed-limit", "fast"), Map.of("lowest-speed-limit", "-1"), Map.of("no-netrc", "yes"),
                Map.of("connect-timeout", "0"), Map.of("connect-timeout", "601"), Map.of("http-user", "a:b"))) {
            var name = bad.keySet().iterator().next();
            var e = assertThrows(RpcClient.Failure.class, () -> add("/small.bin", Map.copyOf(bad)), name);
            assertEquals(problem(name), e.getMessage());
        }
        assertEquals(List.of(), rpc.list("aria2.tellWaiting", 0, 10), "nothing was added");
    }

    @Test
    void changeOptionKeepsThePasswordWhenOnlyTheUserChanges() throws Exception {
        var gid = add("/small.bin", Map.of("pause", "true", "http-user", "alice", "http-passwd", PASSWORD));
        assertEquals("OK", rpc.call("aria2.changeOption", gid, Map.of("http-user", "bob", "remote-time", "true")));
        assertEquals("bob", rpc.struct("aria2.getOption", gid).get("http-user"));
        rpc.call("aria2.saveSession");
        var saved = Files.readString(session);
        assertTrue(saved.contains(" http-user=bob\n") && saved.contains(" http-passwd=" + PASSWORD + "\n")
                && saved.contains(" remote-time=true\n"), saved);
    }

    @Test
    void theSessionKeepsThePasswordReadableByItsOwnerOnly() throws Exception {
        add("/small.bin", Map.of("pause", "true", "http-user", "alice", "http-passwd", PASSWORD));
        rpc.call("aria2.saveSession");
        assertTrue(Files.readString(session).contains(" http-passwd=" + PASSWORD + "\n"), "aria2 saves it too: -i needs it");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(session)));
    }

    @Test
    void aDownloadsLowestSpeedLimitRacesItsTricklingRangeOnAFreshConnection() throws Exception {
        server.add("/trickle.bin", TRICKLE).behave("/trickle.bin", Behaviour.builder().slowWhenRangeStartsAt(0, 8 << 10).build());
        var gid = add("/trickle.bin", Map.of("lowest-speed-limit", "64K"));
        awaitStatus(gid, "complete");
        assertEquals(TRICKLE.sha256Hex(), Sha256.of(dir.resolve("trickle.bin")));
        // The first request (bytes=0-131071) trickles. A hedge asks again from where it is, below 64 KiB
        // until 8 s have passed; work stealing (which runs without the option too) cuts at its middle, past it.
        var hedges = server.requests().stream().filter(r -> r.path().equals("/trickle.bin")).map(r -> r.rangeHeader())
                .filter(range -> range != null && range.matches("bytes=[1-9][0-9]*-[0-9]+")
                        && Long.parseLong(range.substring(6, range.indexOf('-'))) < (64 << 10))
                .toList();
        assertFalse(hedges.isEmpty(), "the trickling rest asked for again: " + server.requests());
    }

    @Test
    void getGlobalOptionListsTheDaemonsTlsNetrcAndCookieSettings() {
        var global = rpc.struct("aria2.getGlobalOption");
        assertEquals("", global.get("ca-certificate"), "none given: the JDK's trust only");
        assertEquals("true", global.get("check-certificate"));
        assertEquals("", global.get("netrc-path"));
        assertEquals("0", global.get("lowest-speed-limit"));
        assertEquals("false", global.get("conditional-get"));
        for (var unset : List.of("load-cookies", "save-cookies", "on-download-complete", "on-download-error", "http-user")) {
            assertFalse(global.containsKey(unset), "aria2 lists " + unset + " only when set");
        }
    }

    @Test
    void changeGlobalOptionChangesWhatAria2ChangesAndIgnoresTheRest() {
        assertEquals("OK", rpc.call("aria2.changeGlobalOption", Map.of("lowest-speed-limit", "1M", "conditional-get", "true",
                "http-user", "carol", "http-passwd", PASSWORD, "check-certificate", "false",
                "ca-certificate", "/nonexistent.pem", "save-cookies", dir.resolve("c.txt").toString(), "connect-timeout", "5")));
        var global = rpc.struct("aria2.getGlobalOption");
        assertEquals("1048576", global.get("lowest-speed-limit"));
        assertEquals("true", global.get("conditional-get"));
        assertEquals("carol", global.get("http-user"));
        assertFalse(global.toString().contains(PASSWORD), global::toString);
        assertEquals("true", global.get("check-certificate"), "not changeable: ignored, as aria2 ignores it");
        assertEquals("", global.get("ca-certificate"), "not changeable: ignored, as aria2 ignores it");
        assertFalse(global.containsKey("save-cookies"), "the cookie file is the transport's, set at start");
        assertEquals("30", global.get("connect-timeout"), "the queue's one HTTP client cannot change it");
        var added = rpc.struct("aria2.getOption", add("/small.bin", Map.of("pause", "true")));
        assertEquals("1048576", added.get("lowest-speed-limit"));
        assertEquals("carol", added.get("http-user"));
        assertEquals(problem("lowest-speed-limit"), assertThrows(RpcClient.Failure.class,
                () -> rpc.call("aria2.changeGlobalOption", Map.of("lowest-speed-limit", "slow"))).getMessage());
    }
}
