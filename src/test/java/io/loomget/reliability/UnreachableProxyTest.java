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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A proxy that cannot be reached is what the failure names (the URL's host was never asked), and is
 * final at once when no retry can mend it: its name does not resolve, or it is on this computer and
 * nothing listens at its port.
 */
class UnreachableProxyTest {

    // Long waits between many retries: a retry would show as a ProbeRetried event (and a slow test).
    private static final RetryPolicy PATIENT = new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofSeconds(10));

    @TempDir
    Path dir;

    @Test
    void aProxyWhoseNameDoesNotResolveIsNamedAndNotRetried() {
        var events = new RecordingListener();
        var settings = TestSettings.into(dir).retry(PATIENT).proxy("nonexistent-proxy.invalid:3128").build();

        var result = Support.download(settings, DownloadRequest.of(URI.create("http://files.example.com/x.bin")), events);

        var failed = assertInstanceOf(FileResult.Failed.class, result, result::toString);
        assertEquals("cannot connect to proxy nonexistent-proxy.invalid:3128: could not resolve host nonexistent-proxy.invalid",
                failed.reason());
        assertEquals(FailureReason.Kind.NAME_RESOLUTION, failed.kind());
        assertEquals(List.of(), events.events(DownloadEvent.ProbeRetried.class));
        assertEquals(List.of(), Dirs.names(dir));
    }

    @Test
    void aProxyOnThisComputerThatRefusesIsNotRetriedWhateverTheUrlsHost() throws Exception {
        int closed;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort(); // free again once closed: nothing listens there
        }
        var events = new RecordingListener();
        var settings = TestSettings.into(dir).retry(PATIENT).proxy("127.0.0.1:" + closed).build();

        var result = Support.download(settings, DownloadRequest.of(URI.create("http://files.example.com/x.bin")), events);

        var failed = assertInstanceOf(FileResult.Failed.class, result, result::toString);
        assertEquals("cannot connect to proxy 127.0.0.1:" + closed + ": connection refused", failed.reason());
        assertEquals(List.of(), events.events(DownloadEvent.ProbeRetried.class));
        assertEquals(List.of(), Dirs.names(dir));
    }
}
