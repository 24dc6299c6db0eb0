package io.loomget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.testsupport.OnRangeServer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The library's dry run: {@link Batch#inspect} tells what a download would do, in input order, and writes nothing. */
class BatchInspectTest extends OnRangeServer {

    private static final Content RANGED = Content.generated(300_000, 61);
    private static final Content WHOLE = Content.generated(70_000, 62);

    @BeforeEach
    void serve() {
        server.add("/ranged.bin", RANGED).add("/whole.bin", WHOLE);
        server.behave("/whole.bin", Behaviour.builder().noRanges().build());
    }

    private List<Inspection> inspect(String... paths) {
        var settings = Settings.builder().outputDir(dir).build();
        return new Batch(settings, DownloadListener.NONE)
                .inspect(Arrays.stream(paths).map(p -> DownloadRequest.of(server.uri(p))).toList());
    }

    @Test
    void eachReportHasTheNameSizeAndRangeSupportADownloadWouldFind() {
        var reports = inspect("/ranged.bin", "/whole.bin");

        assertEquals(List.of("ranged.bin", "whole.bin"), reports.stream().map(Inspection::name).toList());
        assertEquals(List.of(300_000L, 70_000L), reports.stream().map(Inspection::size).toList());
        assertTrue(reports.get(0).rangeable());
        assertFalse(reports.get(1).rangeable());
        assertNotNull(reports.get(0).validator());
        assertNull(reports.get(0).error());
    }

    @Test
    void aMissingFileIsAReportWithItsError() {
        var report = inspect("/missing.bin").getFirst();

        assertNull(report.name());
        assertEquals(-1, report.size());
        assertTrue(report.error().contains("404"), report.error());
    }

    @Test
    void nothingIsWrittenAndEachUrlIsAskedOnce() throws IOException, InterruptedException {
        inspect("/ranged.bin", "/whole.bin");

        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
        // The dry run stops reading after the headers: the server records such a request once it
        // notices, which may be after inspect returned.
        assertTrue(server.awaitIdle(Duration.ofSeconds(10)), "the server still has a request in flight");
        assertEquals(2, server.requests().size());
    }
}
