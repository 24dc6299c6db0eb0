package io.loomget.cli.progress;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadEvent;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The piped view's totals line counts as the summary does. */
class LogViewTest {

    @Test
    void totalsLineTellsNotFoundFromFailedAsTheSummaryDoes() {
        var out = new StringWriter();
        var view = new LogView(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), false, Duration.ZERO);
        view.begin(3);
        var request = DownloadRequest.of(URI.create("http://example.com/missing"));
        view.on(new DownloadEvent.FileFinished(new FileResult.NotFound(request, 404, Duration.ZERO)));
        view.on(new DownloadEvent.FileFinished(new FileResult.Failed(DownloadRequest.of(URI.create("http://example.com/b")),
                "HTTP 500", Duration.ZERO)));
        view.on(new DownloadEvent.Rejected("links.txt:3", "ftp://x", "not an http(s) URL: 'ftp://x'"));

        view.printTotals();

        var total = out.toString().lines().filter(l -> l.startsWith("total  ")).findFirst().orElseThrow();
        assertTrue(total.startsWith("total  0 done, 1 not found, 2 failed, 0 active, 1 queued  "), total);
    }
}
