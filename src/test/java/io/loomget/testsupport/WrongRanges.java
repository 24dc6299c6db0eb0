package io.loomget.testsupport;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A WireMock transformer that answers a closed byte range ({@code Range: bytes=a-b}) the way a
 * broken server or cache would, whatever ranges the client happens to plan: the stub's 200 body is
 * sliced at the asked-for offsets and sent as a 206 with one thing wrong, chosen by the stub's
 * {@link #MODE} transformer parameter. Only stubs that name it ({@code .withTransformers(NAME)}) are
 * touched; a request without a closed range gets the stub's answer unchanged.
 *
 * <ul>
 *   <li>{@code wrong-total}: {@code Content-Range: bytes a-b/(size+1)}, the right bytes</li>
 *   <li>{@code no-content-range}: a 206 with the right bytes and no {@code Content-Range}</li>
 *   <li>{@code ignore-if-range}: the right label, but {@code If-Range} is ignored: the stub's body
 *       and {@code ETag} (another version's) are served anyway</li>
 *   <li>{@code multipart-with-content-range}: the right {@code Content-Range}, but the body is the
 *       slice as one part of a {@code multipart/byteranges} body (boundary and part headers first)</li>
 *   <li>{@code whole-body}: the right {@code Content-Range}, but the whole body (and its length), as a
 *       naive server that labels the range asked for and sends the file sends it</li>
 * </ul>
 */
public final class WrongRanges implements ResponseTransformerV2 {

    public static final String NAME = "loomget-wrong-ranges";
    public static final String MODE = "mode";

    private static final String BOUNDARY = "LOOMGET_TEST_BOUNDARY";

    private static final Pattern CLOSED = Pattern.compile("bytes=(\\d+)-(\\d+)");

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
        var request = serveEvent.getRequest();
        if (response.getStatus() != 200 || !request.containsHeader("Range")) {
            return response;
        }
        var m = CLOSED.matcher(request.getHeader("Range").strip().toLowerCase(Locale.ROOT));
        byte[] body = response.getBody();
        if (!m.matches()) {
            return response;
        }
        long first = Long.parseLong(m.group(1));
        long last = Math.min(Long.parseLong(m.group(2)), body.length - 1L);
        if (first > last) {
            return response;
        }
        var slice = Arrays.copyOfRange(body, (int) first, (int) last + 1);
        var mode = serveEvent.getTransformerParameters().getString(MODE, "wrong-total");
        var extra = new ArrayList<HttpHeader>();
        if (mode.equals("multipart-with-content-range")) {
            var range = "bytes " + first + "-" + last + "/" + body.length;
            slice = multipart(slice, range);
            extra.add(new HttpHeader("Content-Type", "multipart/byteranges; boundary=" + BOUNDARY));
        }
        if (mode.equals("whole-body")) {
            slice = body;
        }
        extra.add(new HttpHeader("Content-Length", Integer.toString(slice.length)));
        switch (mode) {
            case "wrong-total" -> extra.add(new HttpHeader("Content-Range",
                    "bytes " + first + "-" + last + "/" + (body.length + 1)));
            case "no-content-range" -> { }
            case "ignore-if-range", "multipart-with-content-range", "whole-body" -> extra.add(new HttpHeader("Content-Range",
                    "bytes " + first + "-" + last + "/" + body.length));
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        var headers = new ArrayList<HttpHeader>();
        for (var h : response.getHeaders().all()) {
            if (!h.keyEquals("Content-Length") && !h.keyEquals("Content-Range") && !h.keyEquals("Content-Type")) {
                headers.add(h);
            }
        }
        headers.addAll(extra);
        return Response.Builder.like(response).but()
                .status(206)
                .headers(new HttpHeaders(headers))
                .body(slice)
                .build();
    }

    /** {@code slice} as the one part of a multipart/byteranges body (RFC 9110 §14.6). */
    private static byte[] multipart(byte[] slice, String contentRange) {
        var head = ("--" + BOUNDARY + "\r\nContent-Type: application/octet-stream\r\nContent-Range: " + contentRange
                + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        var tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        var out = new byte[head.length + slice.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(slice, 0, out, head.length, slice.length);
        System.arraycopy(tail, 0, out, head.length + slice.length, tail.length);
        return out;
    }
}
