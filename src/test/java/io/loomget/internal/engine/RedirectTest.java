package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.Batch;
import io.loomget.DownloadEvent;
import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.RecordingListener;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redirects are followed up to 20 hops, as aria2 and wget2 do; a longer chain or a loop says so. A
 * Location with bytes a URL may not hold is followed percent-encoded, as curl does. A redirect's target
 * that expires mid-download (a signed link) is reached afresh through the URL as given.
 */
@Timeout(60)
class RedirectTest {

    private static final Content TINY = Content.generated(3_000, 7);
    private static final Content BIG = Content.generated(4 * 1024 * 1024, 11);

    @TempDir
    Path dir;

    private RangeServer server;

    @BeforeEach
    void startServer() {
        server = RangeServer.builder().start().add("/tiny.txt", TINY);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aChainOfTwentyRedirectsIsFollowed() {
        var result = download(chain(20));

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(TINY.sha256Hex(), Sha256.of(downloaded.path()));
        assertEquals("tiny.txt", downloaded.path().getFileName().toString());
    }

    @Test
    void aChainOfTwentyOneRedirectsFailsWithTooManyRedirects() {
        var result = download(chain(21));

        var failed = assertInstanceOf(FileResult.Failed.class, result, () -> "got " + result);
        assertEquals("HTTP 302: too many redirects (20)", failed.reason());
        assertEquals(io.loomget.FailureReason.Kind.TOO_MANY_REDIRECTS, failed.kind());
        assertEquals(21, server.requests().size(), "the first request and 20 redirects, never retried: " + server.requests());
    }

    @Test
    void aRedirectLoopFailsSayingSo() {
        server.behave("/a", Behaviour.builder().redirectTo("/b").build());
        server.behave("/b", Behaviour.builder().redirectTo("/a").build());

        var result = download(server.uri("/a"));

        var failed = assertInstanceOf(FileResult.Failed.class, result, () -> "got " + result);
        assertEquals("HTTP 302: redirect loop (back to " + server.uri("/a") + ")", failed.reason());
        assertEquals(io.loomget.FailureReason.Kind.TOO_MANY_REDIRECTS, failed.kind());
        assertEquals(2, server.requests().size(), "found at the second hop, never retried: " + server.requests());
    }

    @Test
    void aLocationWithSpacesAndBarsIsFollowedPercentEncoded() {
        server.add("/files/a b|c.txt", TINY);
        server.behave("/r", Behaviour.builder().redirectTo("/files/a b|c.txt").build());

        var result = download(server.uri("/r"));

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(TINY.sha256Hex(), Sha256.of(downloaded.path()));
    }

    @Test
    void aLocationInRawUtf8IsFollowedToThatPathNotToItsBytesEncodedTwice() {
        server.add("/files/d\u00efr/tiny.txt", TINY);
        // What the server sends: the path's UTF-8 bytes, unencoded (the test server writes a header's characters as bytes).
        var raw = new String("/files/d\u00efr/tiny.txt".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        server.behave("/r", Behaviour.builder().redirectTo(raw).build());

        var result = download(server.uri("/r"));

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(TINY.sha256Hex(), Sha256.of(downloaded.path()));
    }

    @Test
    void aLocationThatIsNoUrlEvenEncodedFailsNamingIt() {
        server.behave("/r", Behaviour.builder().redirectTo("http://[::1:8080/tiny.txt").build());

        var result = download(server.uri("/r"));

        var failed = assertInstanceOf(FileResult.Failed.class, result, () -> "got " + result);
        assertEquals("HTTP 302: redirect to an invalid Location (http://[::1:8080/tiny.txt)", failed.reason());
    }

    /**
     * {@code /dl/big.bin} redirects to {@code /v1/big.bin}; once the probe has answered (FileStarted
     * comes before any other range is asked for), that link expires (403, as a signed link's does) and
     * {@code /dl/big.bin} redirects to {@code /v2/big.bin}, serving {@code renewed}.
     */
    private FileResult downloadThroughAnExpiringLink(Content renewed, RecordingListener events) {
        server.add("/v1/big.bin", BIG).add("/v2/big.bin", renewed);
        server.behave("/dl/big.bin", Behaviour.builder().redirectTo("/v1/big.bin").build());
        DownloadListener expiring = event -> {
            if (event instanceof DownloadEvent.FileStarted) {
                server.behave("/v1/big.bin", Behaviour.builder().status(403).build());
                server.behave("/dl/big.bin", Behaviour.builder().redirectTo("/v2/big.bin").build());
            }
            events.on(event);
        };
        var settings = TestSettings.into(dir).connectionsPerFile(4).minSplitSize(256 * 1024).build();
        return new Batch(settings, expiring).run(List.of(DownloadRequest.of(server.uri("/dl/big.bin")))).getFirst();
    }

    @Test
    void aRedirectTargetThatExpiresMidDownloadIsReachedAfreshThroughTheUrlAsGiven() {
        var events = new RecordingListener();

        var result = downloadThroughAnExpiringLink(BIG, events);

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(BIG.sha256Hex(), Sha256.of(downloaded.path()));
        assertTrue(server.requestCount("/v2/big.bin") > 0, "the ranges went on from the fresh link");
        assertTrue(events.events(DownloadEvent.RangeRetried.class).stream()
                .anyMatch(r -> r.reason().contains("403 Forbidden; asking the URL as given again")), events.events().toString());
        assertEquals(List.of(), events.events(DownloadEvent.SingleStreamFallback.class), "no byte fetched twice");
    }

    @Test
    void aFreshLinkToAnotherVersionIsNeverStitchedToTheFirst() {
        var other = Content.generated(BIG.size(), 12);
        var events = new RecordingListener();

        var result = downloadThroughAnExpiringLink(other, events);

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(other.sha256Hex(), Sha256.of(downloaded.path()), "one version, the renewed one, from one stream");
        assertEquals(1, events.events(DownloadEvent.SingleStreamFallback.class).size());
    }

    /** {@code /r1 → /r2 → … → /rN → /tiny.txt}: {@code hops} redirects. */
    private URI chain(int hops) {
        for (int i = 1; i <= hops; i++) {
            server.behave("/r" + i, Behaviour.builder().redirectTo(i == hops ? "/tiny.txt" : "/r" + (i + 1)).build());
        }
        return server.uri("/r1");
    }

    private FileResult download(URI uri) {
        var settings = TestSettings.into(dir).build();
        return new Batch(settings, DownloadListener.NONE).run(List.of(DownloadRequest.of(uri))).getFirst();
    }
}
