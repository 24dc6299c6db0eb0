/*
 * HttpClientFloor: the floor row of bench/compare.sh ("JDK HttpClient alone").
 *
 * loomget has to use the JDK's java.net.http.HttpClient, and most of its CPU in the big, many and
 * latency cases goes to that client and to JVM start-up and JIT. This program shows what a minimal
 * downloader on the same platform reaches: one HttpClient set up like loomget's (HTTP/1.1, virtual
 * threads as its executor, 64 KiB read buffers), one virtual thread per URL, at most PARALLEL at a
 * time, each body written by BodyHandlers.ofFile to OUTDIR/<last path segment>.
 *
 * It checks nothing beyond the status code: no ranges, no part files, no renames, no retries, no
 * timeouts. A non-2xx status or an exception is reported on stderr and makes the exit code 1.
 *
 * Usage: java HttpClientFloor PARALLEL OUTDIR (URL... | -i LISTFILE)
 *   LISTFILE holds one URL a line; blank lines are skipped.
 */

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

public final class HttpClientFloor {

    private HttpClientFloor() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 3 || (args[2].equals("-i") && args.length != 4)) {
            System.err.println("usage: HttpClientFloor PARALLEL OUTDIR (URL... | -i LISTFILE)");
            System.exit(2);
        }
        int parallel = Integer.parseInt(args[0]);
        Path outDir = Path.of(args[1]);
        List<String> urls = args[2].equals("-i")
                ? Files.readAllLines(Path.of(args[3])).stream().map(String::strip).filter(s -> !s.isEmpty()).toList()
                : Arrays.asList(args).subList(2, args.length);

        // As loomget's Main: the client reads with 16 KiB buffers unless told otherwise (read once, when
        // the first client is created).
        if (System.getProperty("jdk.httpclient.bufsize") == null) {
            System.setProperty("jdk.httpclient.bufsize", String.valueOf(64 * 1024));
        }

        var failed = new AtomicBoolean();
        var permits = new Semaphore(parallel);
        // Closed in reverse order: wait for every download, then close the client, then its executor.
        try (var clientExecutor = Executors.newVirtualThreadPerTaskExecutor();
             var client = HttpClient.newBuilder()
                     .version(HttpClient.Version.HTTP_1_1)
                     .executor(clientExecutor)
                     .build();
             var downloads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String url : urls) {
                permits.acquire();
                downloads.execute(() -> {
                    try {
                        if (!download(client, url, outDir)) {
                            failed.set(true);
                        }
                    } finally {
                        permits.release();
                    }
                });
            }
        }
        System.exit(failed.get() ? 1 : 0);
    }

    /** Downloads one URL to OUTDIR/<last path segment>; false (after a line on stderr) when it failed. */
    private static boolean download(HttpClient client, String url, Path outDir) {
        try {
            URI uri = URI.create(url);
            String path = uri.getPath();
            Path target = outDir.resolve(path.substring(path.lastIndexOf('/') + 1));
            HttpResponse<Path> response = client.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofFile(target));
            if (response.statusCode() / 100 != 2) {
                System.err.println(url + ": HTTP " + response.statusCode());
                return false;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            System.err.println(url + ": " + e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println(url + ": interrupted");
            return false;
        }
    }
}
