package io.loomget.internal.engine;

import java.net.http.HttpHeaders;
import java.util.List;

/**
 * The headers of a first answer that say what the file is: the first value of each, found in one
 * pass over the answer's headers. Each {@link HttpHeaders#firstValue} is a case-insensitive tree
 * lookup and a stream, and a probe needs up to seven of them for every file.
 */
record ProbeHeaders(String contentRange, String contentEncoding, String etag, String lastModified,
                    String contentDisposition, String contentLength, String contentType) {

    static ProbeHeaders of(HttpHeaders headers) {
        String range = null, encoding = null, etag = null, modified = null, disposition = null, length = null;
        String type = null;
        for (var header : headers.map().entrySet()) {
            var name = header.getKey();
            var value = first(header.getValue());
            // The length first: most of an answer's headers are none of these.
            switch (name.length()) {
                case 4 -> etag = name.equalsIgnoreCase("ETag") ? value : etag;
                case 12 -> type = name.equalsIgnoreCase("Content-Type") ? value : type;
                case 13 -> {
                    if (name.equalsIgnoreCase("Content-Range")) {
                        range = value;
                    } else if (name.equalsIgnoreCase("Last-Modified")) {
                        modified = value;
                    }
                }
                case 14 -> length = name.equalsIgnoreCase("Content-Length") ? value : length;
                case 16 -> encoding = name.equalsIgnoreCase("Content-Encoding") ? value : encoding;
                case 19 -> disposition = name.equalsIgnoreCase("Content-Disposition") ? value : disposition;
                default -> { }
            }
        }
        return new ProbeHeaders(range, encoding, etag, modified, disposition, length, type);
    }

    private static String first(List<String> values) {
        return values.isEmpty() ? null : values.getFirst();
    }
}
