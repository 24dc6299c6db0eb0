package io.loomget.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomget.DownloadRequest;
import io.loomget.FailureReason;
import io.loomget.FileResult;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The summary's byte count: what came over the network in the run, whatever became of each file. */
class TallyTest {

    private static final DownloadRequest REQUEST = DownloadRequest.of(URI.create("http://127.0.0.1:1/f.bin"));
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void anInterruptedRunCountsTheBytesItsUnfinishedFilesFetched() {
        var tally = new Tally();
        tally.accept(new FileResult.Cancelled(REQUEST, SECOND, 300L << 20));

        var summary = tally.summary(Duration.ofSeconds(6));

        assertEquals(300L << 20, summary.bytes());
        assertEquals("0 downloaded, 0 not found, 0 failed, 1 interrupted: 300 MiB in 6.00 s (50.0 MiB/s)",
                summary.render());
    }

    @Test
    void aFailedFileCountsTheBytesItFetchedBeforeFailing() {
        var tally = new Tally();
        tally.accept(new FileResult.Downloaded(REQUEST, Path.of("f.bin"), 1000, SECOND, 1, 400));
        tally.accept(new FileResult.Failed(REQUEST, "connection reset", SECOND, FailureReason.Kind.NETWORK, 250));

        var summary = tally.summary(SECOND);

        assertEquals(600 + 250, summary.bytes(), "600 fetched by the downloaded file (400 reused), 250 by the failed one");
        assertEquals(400, summary.reused());
    }
}
