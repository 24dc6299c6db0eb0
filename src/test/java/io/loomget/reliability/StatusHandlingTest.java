package io.loomget.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.RetryPolicy;
import io.loomget.Settings;
import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RecordedRequest;
import io.loomget.testsupport.OneFileServed;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an HTTP status does to a file: transient ones are retried (honouring {@code Retry-After},
 * capped), permanent ones fail the file at once with no second request, 404/410 are "not found".
 * Counted at the server.
 */
@Timeout(30)
class StatusHandlingTest extends OneFileServed {

    StatusHandlingTest() {
        super("/s.bin", Content.generated(150_000, 303));
    }

    /** One connection, so that the server's request count is exactly the attempts. */
    private Settings settings(RetryPolicy retry) {
        return TestSettings.into(dir).connectionsPerFile(1).retry(retry).build();
    }

    private FileResult download(RetryPolicy retry) {
        return Support.download(settings(retry), DownloadRequest.of(server.uri(path)));
    }

    private void assertDownloadedCorrectly(FileResult result) {
        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(dir.resolve("s.bin"), downloaded.path());
        assertEquals(content.sha256Hex(), Sha256.of(downloaded.path()));
        assertEquals(List.of("s.bin"), io.loomget.testsupport.Dirs.names(dir));
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void transientStatusIsRetriedUntilTheFileIsCorrect(int status) {
        server.behave(path, Behaviour.builder().failFirst(2, status).build());

        var result = download(new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(50)));

        assertDownloadedCorrectly(result);
        assertEquals(3, server.requestCount(path), "two failed attempts, then the one that worked");
        assertEquals(List.of(status, status, 206), server.requests().stream().map(RecordedRequest::status).toList());
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {400, 401, 403, 405, 451})
    void permanentStatusFailsTheFileAtOnceWithoutRetrying(int status) {
        server.behave(path, Behaviour.builder().status(status).build());

        var result = download(new RetryPolicy(5, Duration.ofMillis(5), Duration.ofMillis(50)));

        var failed = assertInstanceOf(FileResult.Failed.class, result, () -> "got " + result);
        assertTrue(failed.reason().contains(String.valueOf(status)), failed.reason());
        assertEquals(new io.loomget.FailureReason.HttpStatus(status), failed.kind());
        assertEquals(1, server.requestCount(path), "a status that will not change is not asked again");
        assertEquals(List.of(), io.loomget.testsupport.Dirs.names(dir), "nothing is left behind");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {404, 410})
    void missingFileIsNotFoundAfterExactlyOneRequest(int status) {
        server.behave(path, Behaviour.builder().status(status).build());

        var result = download(new RetryPolicy(5, Duration.ofMillis(5), Duration.ofMillis(50)));

        var notFound = assertInstanceOf(FileResult.NotFound.class, result, () -> "got " + result);
        assertEquals(status, notFound.status());
        assertEquals(1, server.requestCount(path));
        assertEquals(List.of(), io.loomget.testsupport.Dirs.names(dir));
    }

    @Test
    @Tag("timing") // the wait is the behaviour: measured, so outside the CI gate (see README)
    void retryAfterInSecondsIsWaitedFor() {
        server.behave(path, Behaviour.builder().failFirst(1, 503).retryAfter("1").build());

        long start = System.nanoTime();
        // The backoff alone would wait 5-10 ms: a wait of about a second can only come from Retry-After.
        var result = download(new RetryPolicy(3, Duration.ofMillis(5), Duration.ofSeconds(10)));
        var elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertDownloadedCorrectly(result);
        assertEquals(2, server.requestCount(path));
        assertTrue(elapsed.toMillis() >= 950, "waited only " + elapsed.toMillis() + " ms");
    }

    @Test
    @Tag("timing")
    void retryAfterAsHttpDateIsWaitedFor() {
        var when = Instant.now().plusSeconds(2);
        var date = DateTimeFormatter.RFC_1123_DATE_TIME.format(when.atZone(ZoneOffset.UTC));
        server.behave(path, Behaviour.builder().failFirst(1, 503).retryAfter(date).build());

        long start = System.nanoTime();
        var result = download(new RetryPolicy(3, Duration.ofMillis(5), Duration.ofSeconds(10)));
        var elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertDownloadedCorrectly(result);
        assertEquals(2, server.requestCount(path));
        // The date has whole seconds: it lies 1 to 2 s ahead when the answer is read.
        assertTrue(elapsed.toMillis() >= 900, "waited only " + elapsed.toMillis() + " ms for " + date);
    }

    @Test
    void retryAfterLongerThanTheCapWaitsOnlyTheCap() {
        server.behave(path, Behaviour.builder().failFirst(1, 503).retryAfter("3600").build());

        // An uncapped hour's wait would trip the class @Timeout; the capped one asks again and succeeds.
        var result = download(new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(200)));

        assertDownloadedCorrectly(result);
        assertEquals(2, server.requestCount(path));
    }

    @Test
    void transientStatusBeyondTheRetriesFailsTheFileWithTheStatus() {
        server.behave(path, Behaviour.builder().status(503).build());

        var result = download(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20)));

        var failed = assertInstanceOf(FileResult.Failed.class, result, () -> "got " + result);
        assertTrue(failed.reason().contains("503"), failed.reason());
        assertEquals(3, server.requestCount(path), "the first attempt and two retries");
        assertTrue(Files.notExists(dir.resolve("s.bin")));
    }
}
