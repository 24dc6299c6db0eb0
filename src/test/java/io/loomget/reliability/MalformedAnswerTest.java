package io.loomget.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadEvent;
import io.loomget.DownloadRequest;
import io.loomget.FailureReason;
import io.loomget.FileResult;
import io.loomget.RetryPolicy;
import io.loomget.testsupport.Dirs;
import io.loomget.testsupport.RawHttpServer;
import io.loomget.testsupport.RecordingListener;
import io.loomget.testsupport.TestSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An answer that is not HTTP (a header the JDK client refuses, a body whose length is ambiguous, plain HTTP
 * where TLS was asked for) fails the file at once: the next try gets the same bytes. What the server put in it is never printed raw.
 */
@Timeout(30)
class MalformedAnswerTest {

    /** Retries that would show: three more requests within milliseconds if the failure counted as transient. */
    private static final RetryPolicy RETRIES = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5));

    @TempDir
    Path dir;
    private final RecordingListener events = new RecordingListener();

    private FileResult download(URI uri) {
        return Support.download(TestSettings.into(dir).retry(RETRIES).build(), DownloadRequest.of(uri), events);
    }

    /** Every character a terminal could act on: C0, DEL, C1, and the Unicode separators and format characters. */
    private static boolean unsafe(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static void write(java.io.OutputStream out, String response) throws IOException {
        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aControlCharacterFromTheServerNeverReachesTheFailureReason() {
        try (var raw = RawHttpServer.start((request, out) -> write(out, "HTTP/1.1 200 OK\r\n"
                + "Content-Disposition: attachment; filename=\"e\u001b[31mred\u001b[0m.txt\"\r\n"
                + "Content-Length: 2\r\nConnection: close\r\n\r\nhi"))) {

            var failed = assertInstanceOf(FileResult.Failed.class, download(raw.uri("/f.txt")));

            assertTrue(failed.reason().chars().noneMatch(MalformedAnswerTest::unsafe), failed.reason());
            assertTrue(failed.reason().contains("e\\x1b[31mred\\x1b[0m.txt"), "shown, escaped: " + failed.reason());
        }
    }

    @Test
    void aMalformedResponseHeaderFailsTheFileAfterOneAttempt() {
        try (var raw = RawHttpServer.start((request, out) -> write(out, "HTTP/1.1 200 OK\r\n"
                + "X-Broken: a\u0001b\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi"))) {

            var failed = assertInstanceOf(FileResult.Failed.class, download(raw.uri("/f.txt")));

            assertEquals(1, raw.requests().size(), "asked once: " + raw.requests());
            assertEquals(List.of(), events.events(DownloadEvent.ProbeRetried.class));
            assertEquals(FailureReason.Kind.PROTOCOL, failed.kind());
            assertTrue(failed.reason().startsWith("bad HTTP response: Invalid header value \"X-Broken: a\\x01b\""),
                    failed.reason());
            assertEquals(List.of(), Dirs.names(dir), "nothing left behind");
        }
    }

    /** An answer whose length the client would read one way and the server meant another: refused unread (RFC 9112 §6.3). */
    private void assertRefusedUnread(String response, String reason) {
        try (var raw = RawHttpServer.start((request, out) -> write(out, response))) {

            var result = download(raw.uri("/f.txt"));

            var failed = assertInstanceOf(FileResult.Failed.class, result, result::toString);
            assertEquals(FailureReason.Kind.PROTOCOL, failed.kind());
            assertEquals("bad HTTP response: " + reason, failed.reason());
            assertEquals(1, raw.requests().size(), "asked once: " + raw.requests());
            assertEquals(List.of(), Dirs.names(dir), "nothing left behind");
        }
    }

    @Test
    void twoDifferentContentLengthsAreRefusedRatherThanCutAtTheFirst() {
        assertRefusedUnread("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 11\r\nConnection: close\r\n\r\n"
                + "hello world", "conflicting Content-Length values (5, 11)");
    }

    @Test
    void aContentLengthListOfDifferentValuesIsRefused() {
        assertRefusedUnread("HTTP/1.1 200 OK\r\nContent-Length: 11, 5\r\nConnection: close\r\n\r\nhello world",
                "conflicting Content-Length values (11, 5)");
    }

    @Test
    void aContentLengthListOfEqualValuesIsRefusedInPlainWords() {
        assertRefusedUnread("HTTP/1.1 200 OK\r\nContent-Length: 11, 11\r\nConnection: close\r\n\r\nhello world",
                "Content-Length is a list (11, 11), which cannot be read as one length");
    }

    @Test
    void chunkedWithAContentLengthIsRefusedRatherThanSavedWithItsChunkFraming() {
        var chunked = "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
        assertRefusedUnread("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: " + chunked.length()
                        + "\r\nConnection: close\r\n\r\n" + chunked,
                "the answer has both Transfer-Encoding and Content-Length, so its length is ambiguous (RFC 9112 §6.3)");
    }

    @Test
    void theSameContentLengthTwiceIsOneLength() throws IOException {
        try (var raw = RawHttpServer.start((request, out) -> write(out, "HTTP/1.1 200 OK\r\n"
                + "Content-Length: 11\r\nContent-Length: 11\r\nConnection: close\r\n\r\nhello world"))) {

            var result = download(raw.uri("/f.txt"));

            var done = assertInstanceOf(FileResult.Downloaded.class, result, result::toString);
            assertEquals("hello world", java.nio.file.Files.readString(done.path()));
        }
    }

    @Test
    void transferEncodingIdentityLeavesTheLengthToContentLength() throws IOException {
        try (var raw = RawHttpServer.start((request, out) -> write(out, "HTTP/1.1 200 OK\r\n"
                + "Transfer-Encoding: identity\r\nContent-Length: 11\r\nConnection: close\r\n\r\nhello world"))) {

            var result = download(raw.uri("/f.txt"));

            var done = assertInstanceOf(FileResult.Downloaded.class, result, result::toString);
            assertEquals("hello world", java.nio.file.Files.readString(done.path()));
        }
    }

    @Test
    void httpsAgainstAPlainHttpPortFailsAfterOneAttemptWithATlsReason() throws Exception {
        var connections = new AtomicInteger();
        try (var plain = new ServerSocket()) {
            plain.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread.ofVirtual().start(() -> answerInPlainHttp(plain, connections));

            var failed = assertInstanceOf(FileResult.Failed.class,
                    download(URI.create("https://127.0.0.1:" + plain.getLocalPort() + "/f.txt")));

            assertEquals(FailureReason.Kind.TLS_HANDSHAKE, failed.kind(), failed.reason());
            assertTrue(failed.reason().contains("did not answer in TLS"), failed.reason());
            assertEquals(List.of(), events.events(DownloadEvent.ProbeRetried.class));
            // A retry would have connected before the result came back: the count is final here.
            assertEquals(1, connections.get(), "one connection, no retry");
        }
    }

    /**
     * What an http server does with a TLS ClientHello: answers 400 in plain text. The hello is read
     * first and the connection drained until the client hangs up, so the client reads the answer
     * rather than a reset. A thread per connection: a retry would be answered too, and counted.
     */
    private static void answerInPlainHttp(ServerSocket plain, AtomicInteger connections) {
        while (!plain.isClosed()) {
            try {
                var socket = plain.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> {
                    try (socket) {
                        socket.setSoTimeout(10_000); // only so that no thread outlives a client that never hangs up
                        var in = socket.getInputStream();
                        in.read(new byte[8192]);
                        write(socket.getOutputStream(),
                                "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                        socket.shutdownOutput();
                        while (in.read(new byte[8192]) >= 0) {
                            // until the client closes
                        }
                    } catch (IOException gone) {
                        // the client hung up first
                    }
                });
            } catch (IOException closed) {
                return;
            }
        }
    }
}
