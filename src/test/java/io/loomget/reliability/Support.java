package io.loomget.reliability;

import io.loomget.Batch;
import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Small helpers shared by the reliability tests. */
final class Support {

    private Support() {}

    /** One file through a fresh {@link Batch}: its outcome. */
    static FileResult download(Settings settings, DownloadRequest request, DownloadListener listener) {
        var results = new Batch(settings, listener).run(List.of(request));
        return results.getFirst();
    }

    static FileResult download(Settings settings, DownloadRequest request) {
        return download(settings, request, DownloadListener.NONE);
    }

    /** Every path under {@code root} (directories too), relative to it, sorted. */
    static Set<String> tree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            var all = new TreeSet<String>();
            paths.filter(p -> !p.equals(root)).forEach(p -> all.add(root.relativize(p).toString()));
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Live platform threads whose name starts with {@code prefix} (virtual threads are not listed by the JDK). */
    static long platformThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith(prefix))
                .count();
    }

    /** Threads of loomget's scopes in {@code --threads platform} mode: {@code loomget-p*}. */
    static long loomgetThreads() {
        return platformThreads("loomget");
    }

    /** The JDK HttpClient's selector and worker threads ({@code HttpClient-N-...}). */
    static long httpClientThreads() {
        return platformThreads("HttpClient-");
    }

    /** Sockets this JVM holds open (Linux: links in /proc/self/fd), or -1 when that cannot be seen. */
    static long openSockets() {
        var fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        try (var entries = Files.list(fds)) {
            return entries.filter(p -> {
                try {
                    return Files.readSymbolicLink(p).toString().startsWith("socket:");
                } catch (IOException | UnsupportedOperationException gone) {
                    return false; // closed while we listed
                }
            }).count();
        } catch (IOException e) {
            return -1;
        }
    }
}
