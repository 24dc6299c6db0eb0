package io.loomget.server;

import java.time.Instant;

/** One state of a path's content, with the validators that identify it. */
record Version(Content content, String etag, Instant lastModified) {

    static Version of(Content content, int generation, Instant lastModified) {
        String identity = switch (content) {
            case GeneratedContent g -> "g" + Long.toHexString(g.seed()) + "-" + Long.toHexString(g.size());
            case BytesContent b -> "b" + b.sha256Hex().substring(0, 16);
        };
        return new Version(content, "\"" + identity + "-" + generation + "\"", lastModified);
    }

    /** RFC 9110 §13.1.5: strong comparison for tags, exact match for dates. */
    boolean matchesIfRange(String validator) {
        String v = validator.strip();
        if (v.startsWith("W/")) {
            return false;
        }
        if (v.startsWith("\"")) {
            return v.equals(etag);
        }
        return HttpDates.parse(v).map(lastModified::equals).orElse(false);
    }
}
