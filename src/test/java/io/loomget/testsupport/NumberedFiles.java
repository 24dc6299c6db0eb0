package io.loomget.testsupport;

import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Many files on one server at {@code /f0.bin}, {@code /f1.bin}, …, for tests of batches. */
public final class NumberedFiles {

    private NumberedFiles() {}

    /** Serves {@code count} files, file {@code i} with {@code content.apply(i)}; returns their URLs in order. */
    public static List<URI> serve(RangeServer server, int count, IntFunction<Content> content) {
        var urls = new ArrayList<URI>(count);
        for (int i = 0; i < count; i++) {
            var path = "/f" + i + ".bin";
            server.add(path, content.apply(i));
            urls.add(server.uri(path));
        }
        return urls;
    }
}
