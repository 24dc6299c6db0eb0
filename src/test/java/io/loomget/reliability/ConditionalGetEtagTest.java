package io.loomget.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.server.Content;
import io.loomget.testsupport.LocalWireMock;
import io.loomget.testsupport.RangeResponses;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -N} and the ETag loomget recorded when it saved a file: a server that sees {@code If-None-Match}
 * ignores {@code If-Modified-Since} (RFC 9110 13.1.3), so the ETag may only be sent while the file is as
 * loomget saved it.
 */
@Timeout(30)
class ConditionalGetEtagTest {

    private static final String PATH = "/n.bin";
    private static final String ETAG = "\"n-1\"";
    private static final Content CONTENT = Content.generated(200_000, 77);

    @TempDir
    Path dir;

    @RegisterExtension
    final WireMockExtension wm = LocalWireMock.extension(RangeResponses.everywhere());

    @BeforeEach
    void serve() {
        wm.stubFor(get(urlPathEqualTo(PATH)).atPriority(10).willReturn(aResponse().withStatus(200)
                .withHeader("ETag", ETAG).withBody(CONTENT.readAll())));
        // As Go's http.ServeContent and most servers answer: a matching ETag is 304, whatever the dates say.
        wm.stubFor(get(urlPathEqualTo(PATH)).atPriority(1).withHeader("If-None-Match", equalTo(ETAG))
                .willReturn(aResponse().withStatus(304).withHeader("ETag", ETAG)));
    }

    private FileResult run() {
        var request = DownloadRequest.of(URI.create("http://127.0.0.1:" + wm.getPort() + PATH));
        return Support.download(TestSettings.into(dir).conditionalGet(true).build(), request);
    }

    @Test
    void aFileChangedSinceItWasSavedIsNotCalledUpToDateByItsOldEtag() throws Exception {
        assertInstanceOf(FileResult.Downloaded.class, run());
        try (var file = new RandomAccessFile(dir.resolve("n.bin").toFile(), "rw")) {
            file.setLength(1_000); // truncated (or edited) after loomget saved it
        }
        wm.resetRequests();

        var again = run();

        assertInstanceOf(FileResult.Downloaded.class, again, () -> "called up to date: " + again);
        assertEquals(CONTENT.sha256Hex(), Sha256.of(dir.resolve("n.bin")));
        assertTrue(wm.findAll(getRequestedFor(urlPathEqualTo(PATH))).stream().noneMatch(r -> r.containsHeader("If-None-Match")),
                "the old ETag was sent");
    }

    @Test
    void aFileAsItWasSavedIsAskedForByItsEtag() {
        assertInstanceOf(FileResult.Downloaded.class, run());

        var again = run();

        assertTrue(again instanceof FileResult.AlreadyComplete c && c.upToDate(), () -> "fetched again: " + again);
    }
}
