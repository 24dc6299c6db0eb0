package io.loomget.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * Admits a request, plans the reply and writes it. Any failure (client gone, injected cut, server
 * closing) is rethrown so the JDK server drops the connection rather than pretend the body ended.
 */
final class ExchangeHandler implements HttpHandler {

    private final Function<String, Resource> resources;
    private final Traffic traffic;
    private final Duration latency;
    private final int admitted;
    private final StopSignal stop;

    ExchangeHandler(Function<String, Resource> resources, Traffic traffic, Duration latency, int admitted,
                    StopSignal stop) {
        this.resources = resources;
        this.traffic = traffic;
        this.latency = latency;
        this.admitted = admitted;
        this.stop = stop;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        var headers = exchange.getRequestHeaders();
        var request = new Traffic.Request(
                exchange.getRequestMethod(),
                Objects.requireNonNullElse(exchange.getRequestURI().getPath(), "/"),
                headers.getFirst("Range"),
                headers.getFirst("If-Range"));
        var call = traffic.arrive(request);
        try {
            if (traffic.inFlight() > admitted) {
                call.status(503); // turned away, as nginx's limit_conn does
                exchange.getResponseHeaders().set("Content-Length", "0");
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            var resource = resources.apply(request.path());
            var admission = resource == null ? Resource.Admission.UNKNOWN : resource.admit();
            var reply = ReplyPlanner.plan(request, admission);
            call.status(reply.status());
            stop.pause(latency.plus(admission.behaviour().latency()));
            boolean head = request.method().equals("HEAD");
            long cut = reply instanceof Reply.Entity && !head && resource != null
                    ? resource.nextBodyCut(admission.behaviour())
                    : -1;
            new ReplyWriter(exchange, call, stop).write(reply, head, cut);
        } finally {
            call.finish();
        }
    }
}
