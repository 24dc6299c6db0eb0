package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.loomget.testsupport.Poll;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ResponseWindowsTest {

    private static final long KIB = 1024;

    @Test
    void aReservationWaitsUntilWrittenBytesComeBack() throws Exception {
        var windows = new ResponseWindows(512 * KIB, 64 * KIB);
        var held = windows.reserve(512 * KIB);
        var waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return windows.reserve(256 * KIB).size();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Poll.await("the second reservation waiting", Duration.ofSeconds(10), () -> windows.waiting() == 1);
        held.release(128 * KIB);
        assertFalse(waiting.isDone(), "half of what it needs is not enough");
        held.release(128 * KIB);
        assertEquals(256 * KIB, waiting.get());
    }

    @Test
    void closingGivesBackWhatWasNotWrittenAndNothingTwice() throws Exception {
        var windows = new ResponseWindows(512 * KIB, 64 * KIB);
        var window = windows.reserve(300 * KIB);
        window.release(100 * KIB);
        window.close();
        window.release(100 * KIB);
        window.close();
        assertEquals(512 * KIB, windows.available());
    }

    @Test
    void noWindowIsLargerThanTheWholeCredit() throws Exception {
        var windows = new ResponseWindows(512 * KIB, 64 * KIB);
        assertEquals(512 * KIB, windows.reserve(Long.MAX_VALUE).size());
    }

    @Test
    void aTryReservationTakesOnlyWhatIsFreeNow() throws Exception {
        var windows = new ResponseWindows(512 * KIB, 64 * KIB);
        var held = windows.reserve(400 * KIB);
        assertNull(windows.tryReserve(200 * KIB));
        held.close();
        assertEquals(200 * KIB, windows.tryReserve(200 * KIB).size());
    }
}
