package io.loomget.testsupport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.loomget.Batch;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.Settings;
import io.loomget.server.Content;
import io.loomget.server.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;

/** {@link OnRangeServer} serving one file, the one the test class names, at {@link #path}. */
public abstract class OneFileServed extends OnRangeServer {

    protected final String path;
    protected final Content content;
    protected final long size;

    protected OneFileServed(String path, Content content) {
        this.path = path;
        this.content = content;
        this.size = content.size();
    }

    @BeforeEach
    final void serveTheFile() {
        server.add(path, content);
    }

    /** The file's name, its path without the slash. */
    protected String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The served file through a fresh batch: its outcome. */
    protected FileResult download(Settings.Builder settings) {
        return download(settings, DownloadRequest.of(server.uri(path)));
    }

    /** A download into {@link #dir} in four ranges of at least 64 KiB, with quick retries and short timeouts. */
    protected Settings.Builder inFourRanges() {
        return Settings.builder()
                .outputDir(dir)
                .connectionsPerFile(4)
                .minSplitSize(64 * 1024)
                .retry(new io.loomget.RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20)))
                .connectTimeout(Duration.ofSeconds(5))
                .idleTimeout(Duration.ofSeconds(5));
    }

    /**
     * Downloads the served file with {@code settings} on a thread of its own and interrupts that thread
     * (what Ctrl-C does) once a quarter of the file was sent; the outcome, which must be a cancel. The
     * server must send slowly enough for that (a {@code rate} behaviour).
     */
    protected FileResult.Cancelled interruptOnceAQuarterIsSent(Settings settings) throws InterruptedException {
        var result = new AtomicReference<FileResult>();
        var run = Thread.ofPlatform().name("test-batch").start(() ->
                result.set(new Batch(settings, events).run(List.of(DownloadRequest.of(server.uri(path)))).getFirst()));
        Poll.await("bytes flowing", Duration.ofSeconds(10), () -> server.bytesSent(path) >= size / 4);
        run.interrupt();
        run.join(Duration.ofSeconds(20)); // a hang guard: the rest of the file would take far longer
        assertFalse(run.isAlive(), "the batch did not stop after the interrupt");
        return assertInstanceOf(FileResult.Cancelled.class, result.get(), () -> "got " + result.get());
    }

    /** The status of every request the server answered, in arrival order. */
    protected List<Integer> statuses() {
        return server.requests().stream().map(RecordedRequest::status).toList();
    }
}
