package io.loomget.daemon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.loomget.Settings;
import io.loomget.server.Content;
import io.loomget.testsupport.LocalWireMock;
import io.loomget.testsupport.RangeResponses;
import io.loomget.testsupport.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * aria2's {@code http-user} and {@code http-passwd} per download: Basic authentication on every
 * request of that download to its own origin, never to the origin a redirect leads to, never for
 * another download; over the daemon's {@code --user} and {@code .netrc}; {@code no-netrc} and
 * {@code referer} per download (WireMock keeps the request headers).
 */
class DaemonLoginTest extends OnDaemon {

    private static final String PASSWORD = "s3cr3t-pa55";
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final Content FILE = Content.generated(300_000, 42);

    @RegisterExtension
    final WireMockExtension wm = LocalWireMock.extension(RangeResponses.everywhere());

    @BeforeEach
    void serve() {
        wm.stubFor(get(urlPathEqualTo("/private.bin")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/octet-stream").withHeader("ETag", "\"p-1\"").withBody(FILE.read(0, (int) FILE.size()))));
        // 127.0.0.1 and localhost are two origins: the login stays with the first.
        wm.stubFor(get(urlPathEqualTo("/away.bin")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://localhost:" + wm.getPort() + "/private.bin")));
    }

    private String addAt(String path, Map<String, Object> options) {
        return (String) rpc.call("aria2.addUri", List.of(uri(path)), options);
    }

    private String uri(String path) {
        return "http://127.0.0.1:" + wm.getPort() + path;
    }

    /** The test's daemon stopped, another one started with {@code settings} and {@code -i inputFile}. */
    private void restartWith(Settings settings, String inputFile) throws InterruptedException {
        daemon.stop();
        daemon = new RunningDaemon(dir, RunningDaemon.config(SECRET), settings, List.of(), inputFile);
        rpc = daemon.client();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The Authorization headers of {@code out}'s requests: each download has its own file name in its query. */
    private List<String> authorizations(String out) {
        return wm.findAll(getRequestedFor(urlPathEqualTo("/private.bin"))).stream()
                .filter(r -> out.equals(r.queryParameter("for").firstValue()))
                .map(r -> String.valueOf(r.getHeader("Authorization"))).distinct().toList();
    }

    private List<LoggedRequest> requests(String path, String host) {
        return wm.findAll(getRequestedFor(urlPathEqualTo(path))).stream()
                .filter(r -> r.getHeader("Host").startsWith(host + ":")).toList();
    }

    @Test
    void theLoginGoesWithEveryRequestOfItsDownloadAndNoOther() throws Exception {
        var login = addAt("/private.bin", Map.of("http-user", "alice", "http-passwd", PASSWORD, "out", "mine.bin"));
        awaitStatus(login, "complete");
        var mine = requests("/private.bin", "127.0.0.1");
        assertTrue(mine.size() > 1, "several ranges: " + mine.size());
        assertTrue(mine.stream().allMatch(r -> BASIC.equals(r.getHeader("Authorization"))), mine::toString);
        assertEquals(FILE.sha256Hex(), Sha256.of(dir.resolve("mine.bin")));

        wm.resetRequests();
        var other = addAt("/private.bin", Map.of("out", "other.bin"));
        awaitStatus(other, "complete");
        var theirs = requests("/private.bin", "127.0.0.1");
        assertFalse(theirs.isEmpty());
        assertTrue(theirs.stream().noneMatch(r -> r.containsHeader("Authorization")), "another download's login: " + theirs);
    }

    @Test
    void aHeaderGivenTwiceSendsBothValuesAsAria2Does() throws Exception {
        var gid = addAt("/private.bin", Map.of("header", List.of("X-Dup: 1", "X-Dup: 2"), "out", "dup.bin"));
        awaitStatus(gid, "complete");
        var sent = requests("/private.bin", "127.0.0.1");
        assertFalse(sent.isEmpty());
        assertTrue(sent.stream().allMatch(r -> "1, 2".equals(r.getHeader("X-Dup"))), sent::toString);
    }

    @Test
    void theLoginIsNotSentToTheOriginARedirectLeadsTo() throws Exception {
        var gid = addAt("/away.bin", Map.of("http-user", "alice", "http-passwd", PASSWORD, "out", "away.bin"));
        awaitStatus(gid, "complete");
        var redirect = requests("/away.bin", "127.0.0.1");
        assertEquals(BASIC, redirect.getFirst().getHeader("Authorization"));
        var after = requests("/private.bin", "localhost");
        assertFalse(after.isEmpty());
        assertTrue(after.stream().noneMatch(r -> r.containsHeader("Authorization")), after::toString);
        assertEquals(FILE.sha256Hex(), Sha256.of(dir.resolve("away.bin")));
        assertFalse(rpc.struct("aria2.tellStatus", gid).toString().contains(PASSWORD), "the status never shows it");
    }

    @Test
    void theDownloadsLoginWinsOverTheDaemonsUser() throws Exception {
        restartWith(RunningDaemon.settings(dir).toBuilder().credentials("mallory:wrong").build(), null);
        awaitStatus(addAt("/private.bin?for=own", Map.of("http-user", "alice", "http-passwd", PASSWORD, "out", "own.bin")), "complete");
        awaitStatus(addAt("/private.bin?for=daemons", Map.of("out", "daemons.bin")), "complete");
        assertEquals(List.of(BASIC), authorizations("own"));
        assertEquals(List.of(basic("mallory", "wrong")), authorizations("daemons"));
    }

    @Test
    void noNetrcLeavesTheDaemonsNetrcOutOfThatDownloadOnly() throws Exception {
        var netrc = Files.writeString(dir.resolve(".netrc"), "machine 127.0.0.1 login carol password n3trc\n");
        Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-------"));
        restartWith(RunningDaemon.settings(dir).toBuilder().netrc(netrc).build(), null);
        var without = addAt("/private.bin?for=without", Map.of("no-netrc", "true", "out", "without.bin"));
        awaitStatus(without, "complete");
        awaitStatus(addAt("/private.bin?for=with", Map.of("out", "with.bin")), "complete");
        assertEquals(List.of("null"), authorizations("without"));
        assertEquals(List.of(basic("carol", "n3trc")), authorizations("with"));
        assertEquals("true", rpc.struct("aria2.getOption", without).get("no-netrc"));
        assertEquals(netrc.toAbsolutePath().toString(), rpc.struct("aria2.getGlobalOption").get("netrc-path"));
    }

    @Test
    void aSessionLineBringsTheLoginBack() throws Exception {
        var input = Files.writeString(dir.resolve("session.txt"), uri("/private.bin?for=restored") + "\n"
                + " gid=00000000000000aa\n out=restored.bin\n http-user=alice\n http-passwd=" + PASSWORD + "\n");
        restartWith(RunningDaemon.settings(dir), input.toString());
        awaitStatus("00000000000000aa", "complete");
        assertEquals(List.of(BASIC), authorizations("restored"));
        assertEquals(FILE.sha256Hex(), Sha256.of(dir.resolve("restored.bin")));
    }

    @Test
    void refererStarSendsTheDownloadsOwnUri() throws Exception {
        awaitStatus(addAt("/private.bin?for=star", Map.of("referer", "*", "out", "star.bin")), "complete");
        var seen = wm.findAll(getRequestedFor(urlPathEqualTo("/private.bin"))).stream().map(r -> r.getHeader("Referer")).distinct().toList();
        assertEquals(List.of(uri("/private.bin?for=star")), seen);
    }
}
