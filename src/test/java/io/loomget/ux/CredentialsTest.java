package io.loomget.ux;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.loomget.server.Content;
import io.loomget.testsupport.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Credentials in a URL ({@code http://user:secret@host/...}) or from {@code --user} are sent as Basic
 * authentication and never printed: not in the plain log, not in JSON, not on stderr, not in errors.
 */
@Timeout(60)
class CredentialsTest extends OneFileBehindRelay {

    static final String SECRET = "s3cr3t-pa55";
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(("alice:" + SECRET).getBytes(StandardCharsets.UTF_8));

    CredentialsTest() {
        super(Content.generated(700_000, 31));
    }

    private String urlWithCredentials(String path) {
        return "http://alice:" + SECRET + "@127.0.0.1:" + relay.port() + path;
    }

    @Test
    void urlCredentialsAreNeverPrintedInTheLog() {
        var result = cli(urlWithCredentials("/file.bin"));

        assertEquals(0, result.exit(), result::all);
        assertFalse(result.all().contains(SECRET), result::all);
    }

    @Test
    void urlCredentialsAreNeverPrintedInJson() {
        var result = cli("--json", urlWithCredentials("/file.bin"));

        assertEquals(0, result.exit(), result::all);
        assertFalse(result.all().contains(SECRET), result::all);
    }

    @Test
    void urlCredentialsAreNeverPrintedInErrors() {
        var result = cli(urlWithCredentials("/missing.bin"), "http://bob:" + SECRET + "@127.0.0.1:1/refused.bin");

        assertEquals(1, result.exit(), result::all);
        assertTrue(result.err().contains("missing.bin") && result.err().contains("refused.bin"), result::all);
        assertFalse(result.all().contains(SECRET), result::all);
    }

    @Test
    void urlCredentialsAreNeverPrintedInJsonErrors() {
        var result = cli("--json", urlWithCredentials("/missing.bin"));

        assertFalse(result.all().contains(SECRET), result::all);
    }

    @Test
    void urlCredentialsAreNeverPrintedByDryRun() {
        var result = cli("--dry-run", urlWithCredentials("/file.bin"), urlWithCredentials("/missing.bin"));

        assertFalse(result.all().contains(SECRET), result::all);
    }

    @Test
    void urlCredentialsAreSentAsBasicAuthentication() {
        var result = cli(urlWithCredentials("/file.bin"));

        assertEquals(0, result.exit(), result::all);
        var requests = relay.requests();
        assertFalse(requests.isEmpty());
        assertEquals(BASIC, requests.getFirst().header("Authorization"), requests::toString);
    }

    @Test
    void urlCredentialsAreSentWithEveryRangeRequest() {
        var result = cli(urlWithCredentials("/file.bin"));

        assertEquals(0, result.exit(), result::all);
        assertTrue(relay.requests().size() > 1, () -> "expected several ranges: " + relay.requests());
        assertEveryRequestCarriedTheCredentials();
        assertEquals(content.sha256Hex(), Sha256.of(dir.resolve("file.bin")));
    }

    @Test
    void urlCredentialsAreSentWhenTheFileIsFetchedAgainAsOneStream() {
        // The file changes after the probe: the ranges' If-Range fails, and the whole file is fetched again.
        var changed = Content.generated(content.size(), 32);
        server.behave("/file.bin", io.loomget.server.Behaviour.builder().changeAfterRequests(1, changed).build());
        var result = cli(urlWithCredentials("/file.bin"));

        assertEquals(0, result.exit(), result::all);
        assertTrue(relay.requests().stream().anyMatch(r -> r.header("Range") == null), () -> "no refetch: " + relay.requests());
        assertEveryRequestCarriedTheCredentials();
        assertEquals(changed.sha256Hex(), Sha256.of(dir.resolve("file.bin")));
    }

    @Test
    void urlCredentialsGoWithARedirectWithinTheirOrigin() {
        // A download link that redirects to the file on the same server (/download -> /files/x), as curl follows it.
        server.behave("/away.bin", io.loomget.server.Behaviour.builder().redirectTo(relay.uri("/file.bin").toString()).build());

        var result = cli(urlWithCredentials("/away.bin"));

        assertEquals(0, result.exit(), result::all);
        var afterRedirect = relay.requests().stream().filter(r -> r.target().endsWith("/file.bin")).toList();
        assertFalse(afterRedirect.isEmpty(), relay.requests()::toString);
        assertTrue(afterRedirect.stream().allMatch(r -> BASIC.equals(r.header("Authorization"))), afterRedirect::toString);
        assertEquals(content.sha256Hex(), Sha256.of(dir.resolve("file.bin")));
    }

    @Test
    void anAuthorizationHeaderIsSentAsGivenOverTheUrlsCredentials() {
        var result = cli("-H", "Authorization: Bearer t0ken", urlWithCredentials("/file.bin"));

        assertEquals(0, result.exit(), result::all);
        assertFalse(relay.requests().isEmpty());
        assertTrue(relay.requests().stream().allMatch(r -> "Bearer t0ken".equals(r.header("Authorization"))),
                relay.requests()::toString);
    }

    @Test
    void urlCredentialsNeverAppearInTheRequestLine() {
        cli(urlWithCredentials("/file.bin"));

        assertTrue(relay.requests().stream().noneMatch(r -> r.target().contains(SECRET)), relay.requests()::toString);
    }

    @Test
    void userOptionSendsBasicAuthenticationWithEveryRequest() {
        var result = cli("--user", "alice:" + SECRET, relay.uri("/file.bin").toString());

        assertEquals(0, result.exit(), result::all);
        var requests = relay.requests();
        assertTrue(requests.size() > 1, requests::toString);
        assertTrue(requests.stream().allMatch(r -> BASIC.equals(r.header("Authorization"))), requests::toString);
        assertFalse(result.all().contains(SECRET), result::all);
    }

    @Test
    void credentialsNeverReachTheResumeStateFile() throws Exception {
        // A failing download keeps NAME.part.state for -c; it must not hold the password either.
        server.behave("/file.bin", io.loomget.server.Behaviour.builder().truncateAfter(50_000).build());
        cli("--retries", "0", urlWithCredentials("/file.bin"));

        try (var files = Files.list(dir)) {
            for (var file : files.toList()) {
                if (file.getFileName().toString().endsWith(".state")) {
                    assertFalse(Files.readString(file).contains(SECRET), file + ": " + Files.readString(file));
                }
            }
        }
    }

    /** The same check against WireMock's request journal, for the single-request path (no ranges). */
    @Test
    void wireMockSeesBasicAuthenticationFromTheUrl() {
        var wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        try {
            wm.stubFor(get(urlEqualTo("/w.bin")).willReturn(aResponse().withStatus(200).withBody(new byte[5000])));
            var result = cli("http://alice:" + SECRET + "@127.0.0.1:" + wm.port() + "/w.bin");

            assertEquals(0, result.exit(), result::all);
            var seen = wm.getAllServeEvents();
            assertFalse(seen.isEmpty());
            assertTrue(seen.stream().allMatch(e -> BASIC.equals(e.getRequest().getHeader("Authorization"))));
            assertFalse(result.all().contains(SECRET), result::all);
        } finally {
            wm.stop();
        }
    }

    private void assertEveryRequestCarriedTheCredentials() {
        var requests = relay.requests();
        for (var request : requests) {
            assertEquals(BASIC, request.header("Authorization"), () -> "no credentials on Range: " + request.header("Range")
                    + " of " + requests);
        }
    }
}
