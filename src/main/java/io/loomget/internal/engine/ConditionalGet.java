package io.loomget.internal.engine;

import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.internal.io.CommitRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --conditional-get} (wget's {@code -N}): when the file a URL would be saved as exists, the first
 * request asks only for a newer one — {@code If-Modified-Since} its modification time, and
 * {@code If-None-Match} the ETag loomget recorded when it committed it. A 304 keeps the file; any
 * other answer is downloaded to the part file and replaces the old file only once complete; an
 * interrupted update's part file is continued with {@code -c}.
 *
 * @param path the existing file
 */
record ConditionalGet(Path path, Map<String, String> headers) {

    /** IMF-fixdate (RFC 9110 5.6.7): a two-digit day, which nginx insists on (RFC_1123_DATE_TIME may give one digit). */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US);

    /** For {@code request} saved in {@code dir}: the conditions, or null when there is no file to compare with. */
    static ConditionalGet of(DownloadRequest request, Path dir) throws IOException {
        var path = dir.resolve(FileDownload.nameBeforeProbe(request));
        BasicFileAttributes file;
        try {
            file = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException none) {
            return null;
        }
        if (!file.isRegularFile()) {
            return null;
        }
        var headers = new LinkedHashMap<>(request.headers());
        var modified = file.lastModifiedTime();
        headers.put("If-Modified-Since", HTTP_DATE.format(modified.toInstant().atOffset(ZoneOffset.UTC)));
        // The recorded ETag names the file only while the file is as loomget committed it (as -c requires): a
        // server that sees If-None-Match ignores If-Modified-Since, and would call an edited file up to date.
        CommitRecord.readFrom(path)
                .filter(r -> r.url().equals(request.displayUri()) && r.validator() != null && r.validator().startsWith("\"")
                        && r.describes(file.size(), modified.toMillis()))
                .ifPresent(r -> headers.put("If-None-Match", r.validator()));
        return new ConditionalGet(path, Map.copyOf(headers));
    }

    /** The server said 304: the file stays as it is. */
    FileResult upToDate(DownloadRequest request, Duration elapsed) throws IOException {
        return new FileResult.AlreadyComplete(request, path, Files.size(path), elapsed, true);
    }

    /**
     * Whether a whole answer (not a 304) still leaves the file as it is: the server's copy is no newer
     * than the file and of its size. nginx, by default, answers {@code If-Modified-Since} with a 304 only
     * when it is exactly the file's {@code Last-Modified}, so a copy saved at another time (by curl, by
     * aria2 or loomget without {@code -R}) gets the whole file; wget decides so then, and keeps it.
     */
    boolean stillCurrent(Probe probe) throws IOException {
        var lastModified = probe.response().headers().firstValue("Last-Modified").orElse(null);
        if (lastModified == null || probe.size() < 0) {
            return false;
        }
        java.time.Instant served;
        try {
            served = java.time.ZonedDateTime.parse(lastModified.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
        var file = Files.readAttributes(path, BasicFileAttributes.class);
        // HTTP dates count whole seconds
        var saved = file.lastModifiedTime().toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return file.size() == probe.size() && !served.isAfter(saved);
    }

    /** Whether the probe's answer is to be saved under the existing file's name (and so replace it). */
    boolean replaces(Path target) {
        return path.equals(target);
    }
}
