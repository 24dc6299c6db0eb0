package io.loomget.daemon;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * {@code /jsonrpc} over WebSocket: each message, text or binary (aria2 reads both as JSON), is a
 * request (or batch) answered on the same
 * connection, and every client gets aria2's notifications. Each connection has an outbox drained by
 * a virtual thread of its own, so answers and notifications never interleave on the wire and a
 * slow client holds up no download and no other client.
 */
final class WsEndpoint {

    private final Envelope envelope;
    private final OriginPolicy origins;
    private final Requests requests;
    private final MemoryBudget budget;
    private final long maxRequest;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

    WsEndpoint(Envelope envelope, OriginPolicy origins, Requests requests, MemoryBudget budget, long maxRequest) {
        this.envelope = envelope;
        this.origins = origins;
        this.requests = requests;
        this.budget = budget;
        this.maxRequest = maxRequest;
    }

    /** A new listener for each connection. */
    WsListener listener() {
        return new Connection();
    }

    /**
     * Notifications a connection may have waiting to be sent; past that the client is not reading, and
     * it misses the next ones rather than the daemon keeping them all (every download event, times every
     * such connection, for as long as the daemon runs).
     */
    static final int WAITING_NOTIFICATIONS = 1000;

    /** Sends {@code text} to every connected client that is reading what it is sent. */
    void broadcast(String text) {
        connections.forEach(c -> {
            if (c.outbox.size() < WAITING_NOTIFICATIONS) {
                c.outbox.add(new Outgoing(text, null));
            }
        });
    }

    /** A message to send: an answer holds its request's share of the budget until it is out; a notification, none. */
    private record Outgoing(String text, MemoryBudget.Share share) {
        boolean answer() {
            return share != null;
        }
    }

    private static final Outgoing CLOSED = new Outgoing("", null);

    private final class Connection implements WsListener {
        final LinkedBlockingQueue<Outgoing> outbox = new LinkedBlockingQueue<>();
        /** The message so far, as UTF-8 bytes: a text message's fragments or a binary one's. */
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        /** What the message so far holds of the budget. */
        private MemoryBudget.Share message = budget.share();
        /** Set once the connection has ended; guarded by this connection. */
        private boolean ended;

        @Override
        public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
            if (!origins.allowsHost(headers.first(HeaderNames.HOST))) {
                throw new WsUpgradeException("host not allowed: only a loopback name (127.0.0.1, localhost) reaches this daemon");
            }
            if (!origins.allows(headers.first(HeaderNames.ORIGIN), headers.first(HeaderNames.create("Sec-Fetch-Site")))) {
                throw new WsUpgradeException("origin not allowed: start loomget with --rpc-allow-origin-all");
            }
            return Optional.empty();
        }

        @Override
        public void onOpen(WsSession session) {
            Thread.ofVirtual().name("loomget-ws-send").start(() -> drain(session));
            connections.add(this);
        }

        @Override
        public void onMessage(WsSession session, String text, boolean last) {
            fragment(session, text.getBytes(StandardCharsets.UTF_8), last);
        }

        @Override
        public void onMessage(WsSession session, BufferData buffer, boolean last) {
            fragment(session, buffer.readBytes(), last); // clients that send their JSON as bytes, as aria2 allows
        }

        private void fragment(WsSession session, byte[] bytes, boolean last) {
            if (partial.size() + bytes.length > maxRequest) {
                partial.reset();
                message.close();
                session.close(WsCloseCodes.TOO_BIG, "request larger than --rpc-max-request-size");
                return;
            }
            try {
                message.take(3L * bytes.length); // the fragment, the buffer growing, the whole message
            } catch (RpcError busy) {
                partial.reset();
                message.close();
                session.close(WsCloseCodes.TRY_AGAIN_LATER, "busy: too many large requests at once");
                return;
            }
            partial.writeBytes(bytes);
            if (!last) {
                return;
            }
            var request = partial.toByteArray();
            partial.reset();
            var share = message;
            message = budget.share();
            requests.begin();
            var delay = new Token.Delay();
            var answer = ScopedValue.where(MemoryBudget.SHARE, share).where(Token.DEFERRED, delay)
                    .call(() -> envelope.handle(request));
            var text = Json.text(answer.body());
            share.holdOnly(2L * text.length()); // until it is sent: the request's parsed JSON is gone
            var outgoing = new Outgoing(text, share);
            if (delay.owed().isZero()) {
                deliver(outgoing);
                return;
            }
            // A wrong token's answer goes late, as aria2 sends it; the messages after it are answered meanwhile.
            Thread.ofVirtual().name("loomget-ws-unauthorized").start(() -> {
                try {
                    Thread.sleep(delay.owed());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                deliver(outgoing);
            });
        }

        /** Queues an answer, unless the connection has ended: then it is no longer in flight. */
        private synchronized void deliver(Outgoing answer) {
            if (ended) {
                answer.share().close();
                requests.end();
            } else {
                outbox.add(answer);
            }
        }

        @Override
        public void onClose(WsSession session, int status, String reason) {
            end();
        }

        @Override
        public void onError(WsSession session, Throwable t) {
            end();
        }

        private void end() {
            connections.remove(this);
            message.close(); // a message cut short by the close
            synchronized (this) {
                ended = true;
            }
            outbox.add(CLOSED);
        }

        private void drain(WsSession session) {
            try {
                for (Outgoing next; (next = outbox.take()) != CLOSED; ) {
                    try {
                        session.send(next.text(), true);
                    } catch (RuntimeException e) {
                        // the client went away mid-send; its remaining answers end below
                    } finally {
                        if (next.answer()) {
                            next.share().close();
                            requests.end();
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // answers still queued when the connection ended are not in flight any more
            outbox.stream().filter(Outgoing::answer).forEach(o -> {
                o.share().close();
                requests.end();
            });
            outbox.clear();
        }
    }
}
