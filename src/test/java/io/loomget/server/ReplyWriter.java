package io.loomget.server;

import com.sun.net.httpserver.HttpExchange;
import io.loomget.server.Reply.Entity;
import io.loomget.server.Reply.Framing;
import io.loomget.server.Reply.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Puts a planned {@link Reply} on the wire through one {@link HttpExchange}. */
final class ReplyWriter {

    private static final int GZIP_BUFFER = 64 * 1024;

    private final HttpExchange exchange;
    private final Traffic.Call call;
    private final StopSignal stop;

    ReplyWriter(HttpExchange exchange, Traffic.Call call, StopSignal stop) {
        this.exchange = exchange;
        this.call = call;
        this.stop = stop;
    }

    void write(Reply reply, boolean head, long cutAfter) throws IOException {
        reply.headers().forEach(exchange.getResponseHeaders()::set);
        switch (reply) {
            case Message m -> writeMessage(m, head);
            case Entity e -> writeEntity(e, head, cutAfter);
        }
    }

    private void writeMessage(Message m, boolean head) throws IOException {
        byte[] body = m.text().getBytes(StandardCharsets.UTF_8);
        int status = m.status();
        if (head || status < 200 || status == 204 || status == 304) {
            if (head) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(body.length));
            }
            headersOnly(status);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        new BodyStream(exchange.getResponseBody(), body.length, -1, -1, 0, 0, stop, call).write(body);
        exchange.close();
    }

    private void writeEntity(Entity e, boolean head, long cutAfter) throws IOException {
        boolean fixed = e.framing() == Framing.FIXED;
        if (head || (fixed && e.length() == 0)) {
            // The JDK sets no Content-Length for HEAD itself, and reads length 0 as "chunked".
            if (fixed) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(e.length()));
            }
            headersOnly(e.status());
            return;
        }
        exchange.sendResponseHeaders(e.status(), fixed ? e.length() : 0);
        var body = new BodyStream(exchange.getResponseBody(), fixed ? e.length() : -1, cutAfter,
                e.stallAfter(), e.bytesPerSecond(), e.throttleAfter(), stop, call);
        if (e.framing() == Framing.GZIP) {
            try (var gzip = new FastGzip(body)) { // close() ends the deflater; BodyStream ignores it
                e.content().writeTo(e.offset(), e.length(), gzip);
            }
        } else {
            e.content().writeTo(e.offset(), e.length(), body);
        }
        call.finish(); // chunked: the terminating chunk written by close() is what the client waits for
        exchange.close();
    }

    private void headersOnly(int status) throws IOException {
        call.finish();
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** Generated content does not compress; do not spend CPU trying. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(BodyStream out) throws IOException {
            super(out, GZIP_BUFFER);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
