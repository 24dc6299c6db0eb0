package io.loomget.internal.engine;

import io.loomget.internal.http.Answer;
import java.net.URI;

/**
 * What the first GET ({@code Range: bytes=0-(window-1)}) taught about a file. Its body is still
 * open and serves the file's first {@code head} bytes, so a small file costs one request in all.
 *
 * @param finalUri  where redirects ended; later ranges go there
 * @param size      the complete length, or -1 when unknown
 * @param rangeable the server answered 206 with exactly {@code bytes 0-(size-1)/size}, uncompressed
 * @param ifRange   the validator for {@code If-Range}: a strong ETag, else Last-Modified, else null
 * @param suggestedName the raw {@code Content-Disposition} name, untrusted, or null
 * @param head      how many bytes from the start the open response carries (the whole file when not rangeable)
 * @param asked     the URL the request went to, as sent: the download's own, or the mirror that answered
 *                  when it did not
 */
record Probe(URI finalUri, long size, boolean rangeable, String ifRange, String suggestedName,
             Answer response, long head, URI asked) {

    /** The answer's weak ETag, when it gave nothing stronger ({@link #ifRange} null) to tell versions apart; else null. */
    String weakTag() {
        if (ifRange != null) {
            return null;
        }
        return response.headers().firstValue("ETag").map(String::trim).filter(tag -> tag.startsWith("W/")).orElse(null);
    }
}
