package io.loomget.internal.engine;

import io.loomget.internal.io.PartFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** {@code -R}/{@code --remote-time}: the file's modification time from the server's {@code Last-Modified}. */
final class RemoteTime {

    private RemoteTime() {}

    /**
     * Sets it on the part file before the commit (the rename keeps it); returns the file's time now:
     * the server's, or {@code local} when it sent none.
     */
    static FileTime apply(PartFile part, Probe probe, FileTime local) throws IOException {
        var lastModified = probe.response().headers().firstValue("Last-Modified").orElse(null);
        if (lastModified == null) {
            return local;
        }
        try {
            var when = FileTime.from(ZonedDateTime.parse(lastModified.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            Files.setLastModifiedTime(part.path(), when);
            return when;
        } catch (DateTimeParseException e) {
            return local; // an unreadable date leaves the local time, as curl and wget do
        }
    }
}
