package io.loomget.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request over a plain socket, read to EOF. Used where java.net.http cannot tell us exactly
 * what came over the wire: after an abrupt close its InputStream may drop data it had already
 * buffered (it checks the failure before the queue).
 */
final class RawHttp {

    /** What arrived: body decoded from Content-Length or chunked framing, and whether it was complete. */
    record Wire(int status, Map<String, String> headers, byte[] body, boolean complete) {}

    private RawHttp() {}

    static Wire get(int port, String path, String... headers) throws IOException {
        var request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        request.append("\r\n");
        var raw = new ByteArrayOutputStream();
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            try {
                socket.getInputStream().transferTo(raw);
            } catch (IOException reset) {
                // a reset ends the stream as well as a FIN does; keep what arrived
            }
        }
        return parse(raw.toByteArray());
    }

    private static Wire parse(byte[] bytes) {
        int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        var headers = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip());
        }
        byte[] rest = Arrays.copyOfRange(bytes, end + 4, bytes.length);
        if ("chunked".equalsIgnoreCase(headers.get("Transfer-Encoding"))) {
            return dechunk(status, headers, rest);
        }
        long length = Long.parseLong(headers.getOrDefault("Content-Length", "-1"));
        return new Wire(status, headers, rest, rest.length == length);
    }

    private static Wire dechunk(int status, Map<String, String> headers, byte[] rest) {
        var body = new ByteArrayOutputStream();
        int pos = 0;
        byte[] crlf = {'\r', '\n'};
        while (true) {
            int lineEnd = indexOf(rest, crlf, pos);
            if (lineEnd < 0) {
                return new Wire(status, headers, body.toByteArray(), false);
            }
            int size = Integer.parseInt(new String(rest, pos, lineEnd - pos, StandardCharsets.US_ASCII)
                    .strip().toLowerCase(Locale.ROOT), 16);
            if (size == 0) {
                return new Wire(status, headers, body.toByteArray(), true);
            }
            int start = lineEnd + 2;
            int available = Math.min(size, rest.length - start);
            body.write(rest, start, available);
            if (available < size) {
                return new Wire(status, headers, body.toByteArray(), false);
            }
            pos = start + size + 2;
        }
    }

    private static int indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
