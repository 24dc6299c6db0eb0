package io.loomget.nginx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** nginx's access log in the template's {@code loomget} format: what nginx saw, read and parsed. */
public final class AccessLog {

    private final Path file;

    AccessLog(Path file) {
        this.file = file;
    }

    /** The access log's lines so far (nginx writes a line when a request ends). */
    public List<String> lines() {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The access log parsed. */
    public List<AccessLogEntry> entries() {
        return lines().stream().filter(l -> !l.isBlank()).map(AccessLogEntry::parse).toList();
    }

    /** The entries whose request target is {@code path} (e.g. {@code /files/a.bin}). */
    public List<AccessLogEntry> entries(String path) {
        return entries().stream().filter(e -> e.path().equals(path)).toList();
    }

    /**
     * Waits until the access log satisfies {@code condition} and returns it; fails after {@code timeout}.
     * Needed because a request the client cut short is logged when nginx notices, a moment later.
     */
    public List<AccessLogEntry> await(Predicate<List<AccessLogEntry>> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            var entries = entries();
            if (condition.test(entries)) {
                return entries;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("access log did not reach the expected state within " + timeout
                        + ":\n" + String.join("\n", lines()));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** Empties the access log (nginx appends, so it goes on writing at the new end). */
    public void clear() throws IOException {
        Files.write(file, new byte[0]);
    }
}
