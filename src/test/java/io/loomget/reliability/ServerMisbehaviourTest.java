package io.loomget.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadEvent;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.RetryPolicy;
import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RecordedRequest;
import io.loomget.testsupport.Dirs;
import io.loomget.testsupport.OnRangeServer;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The project's own server misbehaving through its {@link Behaviour} hooks: a file that changes
 * mid-download, ranges answered with 200 or with the wrong bytes, bodies cut short, stalls and
 * headers that never come. Whatever happens, a file under its final name is byte-exact.
 */
@Timeout(30)
class ServerMisbehaviourTest extends OnRangeServer {

    private static final String PATH = "/m.bin";
    private static final String NAME = "m.bin";

    private io.loomget.Settings.Builder settings(int connections) {
        return TestSettings.into(dir)
                .connectionsPerFile(connections)
                .minSplitSize(16 * 1024)
                .retry(new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(50)));
    }

    private FileResult download(io.loomget.Settings.Builder settings) {
        return Support.download(settings.build(), DownloadRequest.of(server.uri(PATH)), events);
    }

    private Path assertDownloaded(FileResult result, String sha256) {
        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(dir.resolve(NAME), downloaded.path());
        assertEquals(sha256, Sha256.of(downloaded.path()));
        assertEquals(List.of(NAME), Dirs.names(dir), "no part or state file is left");
        return downloaded.path();
    }

    private List<String> rangeHeaders() {
        return server.requests().stream().map(RecordedRequest::rangeHeader).toList();
    }

    @ParameterizedTest(name = "changes after {0} request(s)")
    @ValueSource(ints = {1, 2, 3})
    void fileChangedMidDownloadEndsAsExactlyOneVersion(int afterRequests) {
        long size = 1 << 20;
        var before = Content.generated(size, 1);
        var after = Content.generated(size, 2);
        server.add(PATH, before);
        // Throttled, so that every range is still in flight when the content changes.
        server.behave(PATH, Behaviour.builder().rate(2 << 20).changeAfterRequests(afterRequests, after).build());

        var result = download(settings(4));

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        var sha = Sha256.of(downloaded.path());
        assertTrue(Set.of(before.sha256Hex(), after.sha256Hex()).contains(sha),
                "the file is a mix of two versions: " + sha);
        assertEquals(after.sha256Hex(), sha, "ranges of the new version cannot have been stitched to the old");
        assertEquals(List.of(NAME), Dirs.names(dir));
        // Every range request after the probe carried the probe's validator, so the server could refuse to mix.
        var requests = server.requests();
        assertTrue(requests.getFirst().rangeHeader().startsWith("bytes=0-"), "probe: " + requests.getFirst());
        requests.stream().skip(1)
                .filter(r -> r.rangeHeader() != null)
                .forEach(r -> assertTrue(r.ifRange() != null, "range request without If-Range: " + r));
    }

    @Test
    void fileChangedToAnotherSizeMidDownloadIsOneVersionOrAFailureWithNothingLeft() {
        var before = Content.generated(1 << 20, 1);
        var after = Content.generated((1 << 20) + 12_345, 2);
        server.add(PATH, before);
        server.behave(PATH, Behaviour.builder().rate(2 << 20).changeAfterRequests(1, after).build());

        var result = download(settings(4));

        switch (result) {
            case FileResult.Downloaded d -> {
                var sha = Sha256.of(d.path());
                assertTrue(Set.of(before.sha256Hex(), after.sha256Hex()).contains(sha), "mixed versions: " + sha);
                assertEquals(List.of(NAME), Dirs.names(dir));
            }
            case FileResult.Failed f -> {
                assertFalse(Files.exists(dir.resolve(NAME)), "a failed file has no final name");
                // A part file may only stay when a state file lets -c continue it.
                assertEquals(List.of(), Dirs.names(dir),
                        "a failed file that cannot be resumed leaves nothing behind (" + f.reason() + ")");
            }
            default -> throw new AssertionError("unexpected " + result);
        }
    }

    @Test
    void rangesAnsweredWith200StillGiveTheExactFileAsOneStream() {
        var content = Content.generated(700_000, 5);
        server.add(PATH, content);
        server.behave(PATH, Behaviour.builder().rangeAnsweredWith200().build());

        var result = download(settings(4));

        assertDownloaded(result, content.sha256Hex());
        // The probe's 200 showed that ranges are not served: no range was asked for after it.
        assertEquals(1, server.requestCount(PATH), "requests: " + rangeHeaders());
        assertEquals(List.of(200), server.requests().stream().map(RecordedRequest::status).toList());
    }

    @Test
    void shiftedContentRangeIsNeverWrittenAndTheFileIsExact() {
        var content = Content.generated(700_000, 6);
        server.add(PATH, content);
        server.behave(PATH, Behaviour.builder().shiftedRange(1000).build());

        var result = download(settings(4));

        assertDownloaded(result, content.sha256Hex());
        // The probe's 206 was labelled 1000-..., not 0-...: loomget asked for the plain file instead.
        assertTrue(server.requests().stream().anyMatch(r -> r.rangeHeader() == null && r.status() == 200),
                "no plain GET after the shifted answer: " + rangeHeaders());
    }

    /** {first, last} of a recorded {@code Range: bytes=first-last}, or null. */
    private static long[] span(RecordedRequest r) {
        var h = r.rangeHeader();
        if (h == null || !h.matches("bytes=\\d+-\\d+")) {
            return null;
        }
        var parts = h.substring(6).split("-");
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    }

    @Test
    void truncatedBodiesAreContinuedFromTheBytesAlreadyWritten() {
        long size = 2L << 20;
        long cut = 100_000;
        var content = Content.generated(size, 7);
        server.add(PATH, content);
        // The first four bodies longer than 100 kB are cut there; throttled, so that the planned
        // ranges have all asked before the first cut is retried.
        server.behave(PATH, Behaviour.builder().rate(2 << 20).truncateFirst(4, cut).build());

        var result = download(settings(4).minSplitSize(128 * 1024));

        assertDownloaded(result, content.sha256Hex());
        long sent = server.bytesSent(PATH);
        assertTrue(sent < size + size / 5, "retries fetched " + sent + " bytes for a " + size + "-byte file");
        var requests = server.requests();
        var cutOnes = requests.stream()
                .filter(r -> r.status() == 206 && r.bodyBytesSent() == cut && span(r) != null
                        && span(r)[1] - span(r)[0] + 1 > cut)
                .toList();
        assertEquals(4, cutOnes.size(), "cut bodies: " + requests);
        for (var r : cutOnes) {
            long continuedAt = span(r)[0] + cut;
            assertTrue(requests.stream().anyMatch(q -> span(q) != null && span(q)[0] == continuedAt),
                    "the range of " + r.rangeHeader() + " was not continued at byte " + continuedAt + ": "
                            + requests.stream().map(RecordedRequest::rangeHeader).toList());
        }
        assertEquals(4, events.events(DownloadEvent.RangeRetried.class).size());
    }

    @Test
    void stalledBodyFailsTheAttemptAfterTheIdleTimeoutAndIsRetried() {
        long size = 256 * 1024;
        long stall = 96 * 1024;
        var content = Content.generated(size, 8);
        server.add(PATH, content);
        // Every body stops after 96 KiB until the server closes: each attempt moves a range 96 KiB on.
        server.behave(PATH, Behaviour.builder().stallAfter(stall).build());

        var result = download(settings(2).idleTimeout(Duration.ofMillis(500)));

        assertDownloaded(result, content.sha256Hex());
        var retried = events.events(DownloadEvent.RangeRetried.class);
        assertFalse(retried.isEmpty(), "no attempt was given up");
        // Each retry continued where its stalled attempt stopped: after a whole number of 96 KiB steps.
        var starts = server.requests().stream().map(ServerMisbehaviourTest::span)
                .filter(java.util.Objects::nonNull).map(s -> s[0]).toList();
        for (var r : retried) {
            assertTrue(starts.contains(r.offset()), "retry at " + r.offset() + " never asked for: " + starts);
        }
    }

    @Test
    void headersThatNeverComeFailTheFileInBoundedTime() {
        server.add(PATH, Content.generated(10_000, 9));
        server.behave(PATH, Behaviour.builder().latency(Duration.ofSeconds(20)).build());

        // Three attempts that waited for the headers would take a minute and trip the class @Timeout.
        var result = download(settings(2).idleTimeout(Duration.ofMillis(300))
                .retry(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20))));

        assertInstanceOf(FileResult.Failed.class, result, () -> "got " + result);
        assertEquals(3, server.requestCount(PATH), "the first attempt and two retries");
        assertEquals(List.of(), Dirs.names(dir));
    }
}
