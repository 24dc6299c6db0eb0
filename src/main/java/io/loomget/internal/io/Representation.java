package io.loomget.internal.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Which representation of which URL a record on disk speaks of — format, URL (credentials masked),
 * size, validator — the fields a {@link ResumeState} and a {@link CommitRecord} share, written and
 * read in one way.
 */
record Representation(int format, String url, long size, String validator) {

    /** A field of the record's own, after the shared ones; false when it is not one. */
    @FunctionalInterface
    interface OwnField {
        boolean read(String name, JsonParser p) throws IOException;
    }

    /** Writes the shared fields into the object {@code g} is in. */
    void writeTo(JsonGenerator g) throws IOException {
        g.writeNumberField("format", format);
        g.writeStringField("url", url);
        g.writeNumberField("size", size);
        g.writeStringField("validator", validator);
    }

    /**
     * Reads the object {@code p} is about to open: the shared fields here, the record's own through
     * {@code own}, anything else skipped. Null when it is not an object of {@code format} with a URL
     * and a size: such a record is not trusted.
     */
    static Representation read(JsonParser p, int expectedFormat, OwnField own) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        int format = -1;
        String url = null;
        long size = -1;
        String validator = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            var field = p.currentName();
            p.nextToken();
            switch (field) {
                case "format" -> format = p.getIntValue();
                case "url" -> url = p.getValueAsString();
                case "size" -> size = p.getLongValue();
                case "validator" -> validator = p.getValueAsString();
                default -> {
                    if (!own.read(field, p)) {
                        p.skipChildren();
                    }
                }
            }
        }
        return format == expectedFormat && url != null && size >= 0 ? new Representation(format, url, size, validator) : null;
    }
}
