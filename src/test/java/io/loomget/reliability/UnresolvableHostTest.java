package io.loomget.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.loomget.DownloadEvent;
import io.loomget.DownloadRequest;
import io.loomget.FailureReason;
import io.loomget.FileResult;
import io.loomget.RetryPolicy;
import io.loomget.testsupport.Dirs;
import io.loomget.testsupport.RecordingListener;
import io.loomget.testsupport.TestSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host name that does not resolve fails its file at once, named, without the retries a network error gets. */
class UnresolvableHostTest {

    @TempDir
    Path dir;

    @Test
    void anUnresolvableHostFailsAtOnceWithItsNameAndNoRetry() {
        var events = new RecordingListener();
        // Long waits between many retries: a retry would show as a ProbeRetried event (and a slow test).
        var settings = TestSettings.into(dir).retry(new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofSeconds(10))).build();

        var result = Support.download(settings, DownloadRequest.of(URI.create("http://nonexistent-host.invalid/x")), events);

        var failed = assertInstanceOf(FileResult.Failed.class, result, result::toString);
        assertEquals("could not resolve host nonexistent-host.invalid", failed.reason());
        assertEquals(FailureReason.Kind.NAME_RESOLUTION, failed.kind());
        assertEquals(List.of(), events.events(DownloadEvent.ProbeRetried.class));
        assertEquals(List.of(), Dirs.names(dir));
    }
}
