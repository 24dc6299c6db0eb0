package io.loomget.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.loomget.DownloadQueue;
import io.loomget.QueueListener;
import io.loomget.Settings;
import io.loomget.testsupport.Poll;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A queue that fails to start leaves no HTTP client behind: the client it built first is closed. */
class QueueThatCannotStartTest {

    @TempDir
    Path dir;

    /** The JDK's HttpClient runs one selector thread per client until it is closed. */
    private static long clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager"))
                .count();
    }

    @Test
    void aNetrcGoneSinceTheSettingsWereBuiltFailsTheQueueAndClosesItsClient() throws Exception {
        var netrc = Files.writeString(dir.resolve("netrc"), "machine example.org login u password p\n");
        var settings = Settings.builder().outputDir(dir).netrc(netrc).build();
        Files.delete(netrc); // the queue reads it after it has built its client
        long before = clientThreads();

        assertThrows(UncheckedIOException.class, () -> new DownloadQueue(settings, QueueListener.NONE));

        assertEquals(before, (long) Poll.until(Duration.ofSeconds(10), "the client's selector thread to end",
                QueueThatCannotStartTest::clientThreads, n -> n <= before));
    }
}
