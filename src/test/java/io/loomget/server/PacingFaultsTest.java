package io.loomget.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.testsupport.Sha256;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Fault hooks that slow a reply down; the time taken is the behaviour (tagged {@code timing}). */
class PacingFaultsTest extends AgainstRangeServer {

    PacingFaultsTest() {
        super("/f.bin", 200_000, 7);
    }

    @Test
    @Tag("timing") // the time taken is the behaviour
    void rateThrottlesTheBody() throws Exception {
        long rate = 256 * 1024;
        behave(Behaviour.builder().rate(rate));
        long start = System.nanoTime();

        var response = http.get(server.uri(path));

        long elapsed = System.nanoTime() - start;
        assertEquals(content.sha256Hex(), Sha256.of(response.body()));
        // The first slice (rate/50) goes out at once, the rest is paced.
        long floor = (long) ((size - rate / 50) * 1e9 / rate);
        assertTrue(elapsed >= floor, () -> "took " + elapsed / 1_000_000 + " ms");
    }

    @Test
    @Tag("timing") // the time taken is the behaviour
    void slowWhenRangeStartsAtPacesTheStraggler() throws Exception {
        long rate = 64 * 1024;
        behave(Behaviour.builder().slowWhenRangeStartsAt(100_000, rate));
        var other = http.get(server.uri(path), "Range", "bytes=0-32767");
        long start = System.nanoTime();

        var straggler = http.get(server.uri(path), "Range", "bytes=100000-132767");

        long elapsed = System.nanoTime() - start;
        assertArrayEquals(content.read(0, 32768), other.body());
        assertArrayEquals(content.read(100_000, 32768), straggler.body());
        // That other ranges are not paced is a planning decision, checked in ReplyPlannerTest
        // without a clock.
        assertTrue(elapsed >= (long) ((32768 - rate / 50) * 1e9 / rate), () -> "took " + elapsed / 1_000_000 + " ms");
    }

    @Test
    @Tag("timing") // the time taken is the behaviour
    void slowAtOffsetZeroIncludesWholeBodyAnswers() throws Exception {
        long rate = 256 * 1024;
        behave(Behaviour.builder().slowWhenRangeStartsAt(0, rate));
        long start = System.nanoTime();

        http.get(server.uri(path));

        assertTrue(System.nanoTime() - start >= (long) ((size - rate / 50) * 1e9 / rate));
    }

    @Test
    @Tag("timing") // the time taken is the behaviour
    void behaviourLatencyDelaysOnlyItsPath() throws Exception {
        behave(Behaviour.builder().latency(Duration.ofMillis(200)));
        long start = System.nanoTime();

        http.head(server.uri(path));

        assertTrue(System.nanoTime() - start >= Duration.ofMillis(200).toNanos());
    }
}
