package io.loomget.spark;

import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hosts for the cluster tests: range servers on 127.0.0.1, each serving {@code files} generated files
 * under {@code /f/} (a few KiB each, different on every host), known by URL.
 */
record ServedFiles(List<RangeServer> servers, Map<String, Content> contents) implements AutoCloseable {

    static ServedFiles start(int hosts, int files, Duration latency) {
        var servers = new ArrayList<RangeServer>();
        var contents = new LinkedHashMap<String, Content>();
        for (int h = 0; h < hosts; h++) {
            var server = RangeServer.builder().latency(latency).start();
            servers.add(server);
            for (int i = 0; i < files; i++) {
                var content = Content.generated(2048 + i, h * 10_000L + i);
                server.add("/f/" + i + ".bin", content);
                contents.put(server.uri("/f/" + i + ".bin").toString(), content);
            }
        }
        return new ServedFiles(List.copyOf(servers), contents);
    }

    /** The URLs, host by host. */
    List<String> urls() {
        return List.copyOf(contents.keySet());
    }

    @Override
    public void close() {
        servers.forEach(RangeServer::close);
    }
}
