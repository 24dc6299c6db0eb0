package io.loomget.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real HTTP/1.1 client for the server tests (java.net.http would try h2c otherwise). */
final class TestHttp implements AutoCloseable {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    HttpClient client() {
        return client;
    }

    HttpResponse<byte[]> get(URI uri, String... headers) throws IOException, InterruptedException {
        return send("GET", uri, BodyHandlers.ofByteArray(), headers);
    }

    HttpResponse<InputStream> open(URI uri, String... headers) throws IOException, InterruptedException {
        return send("GET", uri, BodyHandlers.ofInputStream(), headers);
    }

    HttpResponse<byte[]> head(URI uri, String... headers) throws IOException, InterruptedException {
        return send("HEAD", uri, BodyHandlers.ofByteArray(), headers);
    }

    <T> HttpResponse<T> send(String method, URI uri, BodyHandler<T> handler, String... headers)
            throws IOException, InterruptedException {
        return client.send(request(method, uri, headers), handler);
    }

    static HttpRequest request(String method, URI uri, String... headers) {
        var builder = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder.build();
    }

    /** Reads until EOF or failure; returns how many bytes arrived and whether it failed. */
    static Drained drain(InputStream in, byte[] into) {
        int n = 0;
        try (in) {
            int r;
            while ((r = in.read(into, n, into.length - n)) > 0) {
                n += r;
            }
            return new Drained(n, null);
        } catch (IOException e) {
            return new Drained(n, e);
        }
    }

    record Drained(int bytes, IOException failure) {}

    @Override
    public void close() {
        client.shutdownNow();
    }
}
