package io.loomget.rpc;

import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The files every RPC script may download, served by the project's {@link RangeServer}: one that
 * completes at once, two that take a few seconds (so a pause lands mid-way), one that never finishes
 * within a test (for active, waiting and removed downloads), and {@code missing}, a 404.
 */
final class ServedFiles {

    static final int KiB = 1024;
    static final int MiB = 1024 * KiB;

    private final RangeServer server;
    private final Map<String, Content> files = new LinkedHashMap<>();

    ServedFiles(RangeServer server) {
        this.server = server;
        serve("small.bin", Content.generated(64 * KiB, 1), Behaviour.NORMAL);
        serve("slow.bin", Content.generated(2 * MiB, 2), Behaviour.builder().rate(512 * KiB).build());
        serve("slow2.bin", Content.generated(2 * MiB, 3), Behaviour.builder().rate(512 * KiB).build());
        serve("stall.bin", Content.generated(256L * MiB, 4), Behaviour.builder().rate(32 * KiB).build());
    }

    /** Adds {@code name} to the server, with {@code behaviour} (a rate limit, say). */
    ServedFiles serve(String name, Content content, Behaviour behaviour) {
        server.add("/" + name, content).behave("/" + name, behaviour);
        files.put(name, content);
        return this;
    }

    Content content(String name) {
        return files.get(name);
    }

    String url(String name) {
        return server.uri("/" + name).toString();
    }

    /** {@code FILES_JSON} for the scripts: name -> {url, sha256, size}; {@code missing} has only a url. */
    String json() {
        var entries = files.entrySet().stream()
                .map(e -> "\"%s\":{\"url\":\"%s\",\"sha256\":\"%s\",\"size\":%d}".formatted(
                        e.getKey(), url(e.getKey()), e.getValue().sha256Hex(), e.getValue().size()))
                .collect(Collectors.joining(","));
        return "{" + entries + ",\"missing\":{\"url\":\"" + url("missing") + "\"}}";
    }
}
