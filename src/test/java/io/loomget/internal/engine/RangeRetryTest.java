package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.Batch;
import io.loomget.DownloadEvent;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RecordedRequest;
import io.loomget.testsupport.OneFileServed;
import io.loomget.testsupport.RawHttpServer;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.Span;
import io.loomget.testsupport.TestSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Transient failures cost a retry of the missing bytes only, never a byte twice or a wrong request. */
@Timeout(60)
class RangeRetryTest extends OneFileServed {

    /** With -k 100 000 and -x 4, ranges of 100 000 bytes: [0, 100000), [100000, 200000), ... */
    private static final long RANGE = 100_000;

    RangeRetryTest() {
        super("/file.bin", Content.generated(4 * RANGE, 77));
    }

    @Test
    void rangeCutShortResumesFromItsFirstMissingByte() throws Exception {
        server.behave(path, Behaviour.builder().truncateFirst(1, 30_000).build()); // the probe's body

        var downloaded = download();

        assertEquals(content.sha256Hex(), Sha256.of(downloaded.path()));
        var ranges = ranges();
        assertTrue(ranges.stream().anyMatch(r -> r.startsWith("bytes=30000-")),
                "asked again from byte 30000, the first one missing: " + ranges);
        assertTrue(ranges.stream().noneMatch(r -> r.startsWith("bytes=0-") && !r.equals(ranges.getFirst())),
                "the bytes that did arrive are not asked for again: " + ranges);
        assertEquals(1, events.events(DownloadEvent.RangeRetried.class).size());
    }

    @Test
    void transientProbeFailureIsRetried() throws Exception {
        server.behave(path, Behaviour.builder().failFirst(1, 503).build());

        var downloaded = download();

        assertEquals(content.sha256Hex(), Sha256.of(downloaded.path()));
        var requests = finished();
        assertEquals(503, requests.get(0).status());
        assertTrue(requests.get(0).rangeHeader().startsWith("bytes=0-"), requests.toString());
        assertEquals(requests.get(0).rangeHeader(), requests.get(1).rangeHeader(), "the same probe, asked again");
        assertEquals(206, requests.get(1).status());
    }

    @Test
    void rangeWhoseBytesAllArrivedIsNotAskedForAgainWhenItsConnectionThenDrops() throws Exception {
        // Each 206 comes chunked, carries every byte its Content-Range promises, then the connection
        // drops before the last chunk. A plain GET gets a proper 200.
        byte[] body = content.readAll();
        try (var raw = RawHttpServer.start((request, out) -> answerAndDrop(body, request, out))) {
            var settings = TestSettings.into(dir).connectionsPerFile(4).minSplitSize(RANGE).build();

            var result = new Batch(settings, events).run(List.of(DownloadRequest.of(raw.uri(path)))).getFirst();

            var ranges = raw.requests().stream().map(r -> String.valueOf(r.header("Range"))).toList();
            for (var range : ranges) {
                var span = Span.ofRangeHeader(range);
                assertTrue(span.isPresent() && (span.get().isOpen() || span.get().first() <= span.get().last()),
                        "only valid byte ranges are asked for, not " + range + " in " + ranges);
            }
            var downloaded = assertInstanceOf(FileResult.Downloaded.class, result);
            assertEquals(content.sha256Hex(), Sha256.of(downloaded.path()));
            assertEquals(List.of(), events.events(DownloadEvent.SingleStreamFallback.class), "no fallback");
        }
    }

    /** A 206 for a valid single range, chunked, cut before its last chunk; a complete 200 otherwise. */
    private static void answerAndDrop(byte[] body, RawHttpServer.Request request, OutputStream out) throws IOException {
        var span = Span.ofRangeHeader(request.header("Range"))
                .map(s -> s.isOpen() ? new Span(s.first(), body.length - 1) : s)
                .filter(s -> s.first() <= s.last() && s.last() < body.length);
        if (span.isEmpty()) {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            return;
        }
        var s = span.get();
        int length = (int) (s.last() - s.first() + 1);
        out.write(("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " + s.first() + "-" + s.last() + "/" + body.length
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + Integer.toHexString(length) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body, (int) s.first(), length);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII)); // ...and no "0" chunk: the connection just closes
    }

    private FileResult.Downloaded download() {
        return assertInstanceOf(FileResult.Downloaded.class, download(TestSettings.into(dir).connectionsPerFile(4).minSplitSize(RANGE)));
    }

    private List<RecordedRequest> finished() throws InterruptedException {
        assertTrue(server.awaitIdle(Duration.ofSeconds(5)), "server went idle");
        return server.requests();
    }

    /** The Range header of every request, in arrival order ("none" for a plain GET). */
    private List<String> ranges() throws InterruptedException {
        return finished().stream().map(r -> r.rangeHeader() == null ? "none" : r.rangeHeader()).toList();
    }
}
