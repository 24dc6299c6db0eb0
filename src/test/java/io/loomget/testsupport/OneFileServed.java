package io.loomget.testsupport;

import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.Settings;
import io.loomget.server.Content;
import io.loomget.server.RecordedRequest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/** {@link OnRangeServer} serving one file, the one the test class names, at {@link #path}. */
public abstract class OneFileServed extends OnRangeServer {

    protected final String path;
    protected final Content content;
    protected final long size;

    protected OneFileServed(String path, Content content) {
        this.path = path;
        this.content = content;
        this.size = content.size();
    }

    @BeforeEach
    final void serveTheFile() {
        server.add(path, content);
    }

    /** The file's name, its path without the slash. */
    protected String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The served file through a fresh batch: its outcome. */
    protected FileResult download(Settings.Builder settings) {
        return download(settings, DownloadRequest.of(server.uri(path)));
    }

    /** The status of every request the server answered, in arrival order. */
    protected List<Integer> statuses() {
        return server.requests().stream().map(RecordedRequest::status).toList();
    }
}
