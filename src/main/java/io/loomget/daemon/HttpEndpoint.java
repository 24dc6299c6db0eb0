package io.loomget.daemon;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code /jsonrpc} over plain HTTP, as aria2 serves it: POST with a JSON body, GET with
 * {@code method}, {@code id} and base64 {@code params} (wrapped as JSONP {@code cb(…)} with
 * {@code jsoncallback=cb}), OPTIONS for a CORS preflight; any other path or method is 404.
 */
final class HttpEndpoint {

    static final String PATH = "/jsonrpc";
    private static final HeaderName SEC_FETCH_SITE = HeaderNames.create("Sec-Fetch-Site");
    private static final HeaderName ALLOW_METHODS = HeaderNames.create("Access-Control-Allow-Methods");
    private static final HeaderName ALLOW_HEADERS = HeaderNames.create("Access-Control-Allow-Headers");
    private static final HeaderName REQUEST_HEADERS = HeaderNames.create("Access-Control-Request-Headers");
    private static final HeaderName MAX_AGE = HeaderNames.create("Access-Control-Max-Age");

    /**
     * Bytes past {@code --rpc-max-request-size} read and dropped before a 413: a server that closes
     * with a body unread makes the kernel reset the connection, and the reset can reach the client
     * before it has read the 413. Larger bodies are cut off by the web server itself.
     */
    private static final long DRAINED_PAST_LIMIT = 1 << 20;

    private final Envelope envelope;
    private final OriginPolicy origins;
    private final Requests requests;
    private final MemoryBudget budget;
    private final long maxRequest;

    HttpEndpoint(Envelope envelope, OriginPolicy origins, Requests requests, MemoryBudget budget, long maxRequest) {
        this.envelope = envelope;
        this.origins = origins;
        this.requests = requests;
        this.budget = budget;
        this.maxRequest = maxRequest;
    }

    void route(HttpRouting.Builder routing) {
        routing.post(PATH, (req, res) -> answer(req, res, () -> post(req)))
                .get(PATH, (req, res) -> answer(req, res, () -> get(req)))
                .options(PATH, this::preflight)
                .any((req, res) -> res.status(404).send());
    }

    private interface Call {
        Reply run() throws IOException;
    }

    /** A body to send and how: its status and content type. */
    private record Reply(byte[] body, int status, String contentType) {}

    private void answer(ServerRequest req, ServerResponse res, Call call) throws IOException {
        if (!allowed(req)) {
            res.status(403).send();
            return;
        }
        requests.begin();
        var share = budget.share();
        try {
            // A wrong token owes its delay once per request (a multicall of wrong tokens too), slept below
            // holding only the answer's share of the budget, not the request's parsed JSON.
            var delay = new Token.Delay();
            var reply = ScopedValue.where(MemoryBudget.SHARE, share).where(Token.DEFERRED, delay).call(call::run);
            share.holdOnly(reply.body().length);
            if (!delay.owed().isZero()) {
                sleep(delay.owed());
            }
            res.status(reply.status());
            res.header(HeaderNames.CONTENT_TYPE, reply.contentType());
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            // already expired, as aria2 sends it: HTTP/1.0 caches (a GET or JSONP through a proxy) know no Cache-Control
            res.header(HeaderNames.EXPIRES, io.helidon.http.DateTime.rfc1123String());
            if (origins.allowAll()) {
                res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            }
            if (reply.status() != 200) {
                res.header(HeaderNames.CONNECTION, "close");
            }
            res.send(reply.body());
        } finally {
            share.close();
            requests.end();
        }
    }

    /** This request's own virtual thread waits: other clients are served meanwhile. */
    private static void sleep(java.time.Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Reply post(ServerRequest req) throws IOException {
        byte[] body;
        try {
            body = read(req.content().inputStream());
        } catch (RpcError busy) {
            return new Reply(Json.write(Envelope.errorStruct(busy)), busy.httpStatus(), "application/json-rpc");
        }
        if (body == null) {
            return new Reply(tooLarge(), 413, "application/json-rpc");
        }
        var answer = envelope.handle(body);
        return new Reply(Json.write(answer.body()), answer.status(), "application/json-rpc");
    }

    private Reply get(ServerRequest req) {
        var query = req.query();
        var answer = envelope.handle(query.first("method").asOptional().orElse(null),
                query.first("id").asOptional().orElse(null), query.first("params").asOptional().orElse(null));
        var json = Json.write(answer.body());
        var callback = query.first("jsoncallback").asOptional();
        if (callback.isEmpty()) {
            return new Reply(json, answer.status(), "application/json-rpc");
        }
        // JSONP: the callback name is echoed into script, so only an identifier is accepted
        var name = callback.get().matches("[A-Za-z_$][\\w$.]*") ? callback.get() : "callback";
        var script = name + "(" + new String(json, StandardCharsets.UTF_8) + ")";
        return new Reply(script.getBytes(StandardCharsets.UTF_8), answer.status(), "text/javascript");
    }

    private void preflight(ServerRequest req, ServerResponse res) {
        if (!allowed(req)) {
            res.status(403).send();
            return;
        }
        res.header(ALLOW_METHODS, "POST, GET, OPTIONS");
        req.headers().first(REQUEST_HEADERS).ifPresent(h -> res.header(ALLOW_HEADERS, h));
        res.header(MAX_AGE, "1728000");
        if (origins.allowAll()) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        }
        res.status(200).send();
    }

    private boolean allowed(ServerRequest req) {
        return origins.allowsHost(req.headers().first(HeaderNames.HOST))
                && origins.allows(req.headers().first(HeaderNames.ORIGIN), req.headers().first(SEC_FETCH_SITE));
    }

    /** The largest body the web server lets through to this endpoint. */
    static long payloadCap(long maxRequest) {
        return maxRequest + DRAINED_PAST_LIMIT;
    }

    /**
     * The body, or null (with the rest of it drained) when it is larger than {@code --rpc-max-request-size}.
     * Counted against the {@link MemoryBudget} as it arrives (three times: the chunks, the buffer that
     * grows, the array returned), so that a client that sends slowly holds only what it has sent.
     *
     * @throws RpcError busy (with the rest of the body drained) when the budget is spent
     */
    private byte[] read(InputStream in) throws IOException {
        try {
            long limit = Math.min(maxRequest + 1, Integer.MAX_VALUE - 8);
            var body = new java.io.ByteArrayOutputStream();
            var chunk = new byte[16 << 10];
            for (int n; body.size() < limit
                    && (n = in.read(chunk, 0, (int) Math.min(chunk.length, limit - body.size()))) >= 0; ) {
                try {
                    MemoryBudget.spend(3L * n);
                } catch (RpcError busy) {
                    in.transferTo(OutputStream.nullOutputStream());
                    throw busy;
                }
                body.write(chunk, 0, n);
            }
            if (body.size() <= maxRequest) {
                return body.toByteArray();
            }
            in.transferTo(OutputStream.nullOutputStream());
            return null;
        } catch (RpcError busy) {
            throw busy;
        } catch (RuntimeException e) {
            // The client went away before its body ended, or framed it so that it has no end (a chunk size
            // "ZZ": Helidon's NumberFormatException): nobody to answer, or no way to tell where an answer
            // could go. Said so to Helidon, which then closes quietly; as an error it logged a 40-line
            // "Internal server error" each time, as often as a client cared to send one.
            throw new CloseConnectionException("the request body ended early or was not framed as HTTP/1.1 frames it", e);
        }
    }

    static byte[] tooLarge() {
        var error = new java.util.LinkedHashMap<String, Object>();
        error.put("id", null);
        error.put("jsonrpc", "2.0");
        error.put("error", RpcError.of("Request too large (--rpc-max-request-size).").toStruct());
        return Json.write(error);
    }
}
