package io.loomget.testsupport;

import io.loomget.Batch;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.Settings;
import io.loomget.server.RangeServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture most engine and CLI tests share: a started {@link RangeServer} (from
 * {@link RangeServerExtension}, stopped after each test), an output directory and a listener that
 * keeps every engine event. A test class adds the files it serves in its own {@code @BeforeEach},
 * which JUnit runs after this one. Every test has a one-minute hang guard, unless its class sets
 * its own {@link Timeout}.
 */
@ExtendWith(RangeServerExtension.class)
@Timeout(60)
public abstract class OnRangeServer {

    @TempDir
    protected Path dir;

    protected RangeServer server;

    protected final RecordingListener events = new RecordingListener();

    @BeforeEach
    final void keepTheServer(RangeServer server) {
        this.server = server;
    }

    /** The served {@code path} as a command-line argument. */
    protected String url(String path) {
        return server.uri(path).toString();
    }

    /** One request through a fresh {@link Batch} that reports to {@link #events}: its outcome. */
    protected FileResult download(Settings.Builder settings, DownloadRequest request) {
        return new Batch(settings.build(), events).run(List.of(request)).getFirst();
    }
}
