package io.loomget.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadEvent;
import io.loomget.DownloadRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A file whose first request is being retried is active, and the live terminal view says each retry. */
class ProbeRetryViewTest {

    private static final DownloadRequest REQUEST = DownloadRequest.of(URI.create("http://127.0.0.1:1/a.bin"));
    private static final DownloadEvent RETRY =
            new DownloadEvent.ProbeRetried(REQUEST, 1, "HTTP 500 Internal Server Error", Duration.ofMillis(500));

    @Test
    void aFileWhoseFirstRequestIsRetriedIsActiveNotQueued() {
        var totals = new Totals();
        totals.begin(2);

        totals.on(RETRY);

        assertEquals(1, totals.activeCount());
        assertEquals(1, totals.queued());
    }

    @Test
    void theTerminalViewPrintsEachRetryOfTheFirstRequestWithItsAttemptAndCause() {
        var screen = new StringWriter();
        try (var view = new TerminalView(new PrintWriter(screen, true), false, () -> 100)) {
            view.begin(1);
            view.on(RETRY);
        }

        assertTrue(screen.toString().contains("retry  http://127.0.0.1:1/a.bin: attempt 1: HTTP 500 Internal Server Error"),
                screen::toString);
    }
}
