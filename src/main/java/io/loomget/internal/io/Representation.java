package io.loomget.internal.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Which representation of which URL a record on disk speaks of — format, URL (credentials masked),
 * size, validator — the fields a {@link ResumeState} and a {@link CommitRecord} share, written and
 * read in one way.
 */
record Representation(int format, String url, long size, String validator) {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** A field of the record's own, after the shared ones; false when it is not one. */
    @FunctionalInterface
    interface OwnField {
        boolean read(String name, JsonParser p) throws IOException;
    }

    /**
     * An object holding the shared fields, left open for the record's own:
     * {@code {"format":1,"url":…,"size":…,"validator":…}}. Written by hand, not with Jackson: a commit
     * record is written for every file, and setting up and releasing a generator for its hundred bytes
     * cost more than the rest of it.
     */
    StringBuilder openObject() {
        var json = new StringBuilder(96 + url.length());
        json.append("{\"format\":").append(format).append(",\"url\":");
        string(json, url).append(",\"size\":").append(size).append(",\"validator\":");
        return validator == null ? json.append("null") : string(json, validator);
    }

    /** {@code value} as a JSON string (RFC 8259): quotes, backslashes and control characters escaped. */
    private static StringBuilder string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) {
                        // Surrogates too: a lone one has no UTF-8 form, escaped it survives the round trip.
                        json.append("\\u").append(HEX[c >> 12]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                                .append(HEX[c & 0xf]);
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
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
