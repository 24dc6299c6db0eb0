package io.loomget.internal.http;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read by the calling thread, one batch of the client's own buffers at a time.
 *
 * <p>Why not {@code ofInputStream()}: that copies every byte into a caller's array; here the
 * client's {@link ByteBuffer}s go straight to the file channel.
 *
 * <p><b>Memory.</b> The next batch is asked for only when the caller comes back for it, that is once
 * it has written the previous one: a slow disk stops the demand. That alone does not bound what the
 * client holds (it reads a connection ahead of the demand, by more and more on a long response), so
 * the engine reserves a window for each body before reading it ({@link #charge}) and asks servers
 * for no more than that window; the body gives the window back as the caller writes, and the rest
 * when it closes.
 */
public final class BodyChunks implements HttpResponse.BodySubscriber<BodyChunks>, AutoCloseable {

    /**
     * The largest read buffer the engine asks the client for ({@code jdk.httpclient.bufsize}, set by the
     * engine unless the application set it; smaller when a run wants more connections than its heap has
     * slots for at this size): the most bytes of one batch.
     */
    public static final int BUFFER_SIZE = 64 * 1024;

    /** What a body gives back as its bytes are written: the window the engine reserved for it. */
    public interface Credit {
        /** {@code bytes} more were written (or dropped). */
        void release(long bytes);

        /** The body is closed: whatever is still reserved goes back. */
        void close();
    }

    private static final Credit NONE = new Credit() {
        @Override
        public void release(long bytes) {}

        @Override
        public void close() {}
    };

    private static final Object END = new Object();

    private record Failure(Throwable cause) {}

    private record Batch(List<ByteBuffer> buffers, long bytes) {}

    /** At most one batch and the end (or a failure): the demand is never more than one. */
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    private Credit credit = NONE;
    /** The batch the caller is writing; released (and the next one asked for) when it comes back. */
    private Batch handedOut;
    private boolean closed;
    private volatile boolean finished;
    /** Not to be read at all: the subscription is cancelled as soon as it comes. */
    private final boolean refused;

    public BodyChunks() {
        this(false);
    }

    private BodyChunks(boolean refused) {
        this.refused = refused;
    }

    public static HttpResponse.BodyHandler<BodyChunks> handler() {
        return info -> new BodyChunks();
    }

    /** A body that has ended without a byte: the JDK gives a proxy's refusal of a tunnel (407 to CONNECT) none. */
    static BodyChunks empty() {
        var body = new BodyChunks();
        body.finished = true;
        body.subscription.complete(new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
        });
        return body;
    }

    /**
     * A body of which not a byte is asked for: its subscription is cancelled when it comes, so the
     * client closes the connection rather than read on (see {@link Framing}).
     */
    static BodyChunks refused() {
        return new BodyChunks(true);
    }

    /** From now on the bytes this body hands out are given back to {@code window} as they are written. */
    public void charge(Credit window) {
        synchronized (this) {
            if (!closed) {
                credit = window;
                return;
            }
        }
        window.close();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription.complete(s);
        if (refused) {
            s.cancel();
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        long bytes = 0;
        for (var buffer : item) {
            bytes += buffer.remaining();
        }
        synchronized (this) {
            if (closed) {
                return; // arrived after the cancel: nobody will read it
            }
            queue.add(new Batch(item, bytes));
        }
    }

    @Override
    public void onError(Throwable throwable) {
        queue.add(new Failure(throwable));
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    @Override
    public CompletionStage<BodyChunks> getBody() {
        return CompletableFuture.completedStage(this);
    }

    /**
     * The next buffers of the body, or {@code null} at its end. The buffers returned by the previous
     * call count as written: only now is the next batch asked for.
     *
     * @param idleTimeout how long to wait for bytes before the connection counts as stalled
     * @throws StalledException when no bytes came for {@code idleTimeout}
     * @throws IOException when the connection failed mid-body
     */
    public List<ByteBuffer> next(Duration idleTimeout) throws IOException, InterruptedException {
        if (finished) {
            return null;
        }
        // Nothing was asked for while the caller wrote, so the queue holds at most the end (which
        // the client sends without demand): then there is nothing more to ask for.
        if (releaseHandedOut() && queue.isEmpty()) {
            subscription.join().request(1);
        }
        var item = queue.poll(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        if (item == null) {
            throw new StalledException("no data for " + idleTimeout.toMillis() / 1000.0 + " s");
        }
        if (item == END) {
            finished = true;
            return null;
        }
        if (item instanceof Failure(var cause)) {
            finished = true;
            throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        }
        var batch = (Batch) item;
        synchronized (this) {
            if (closed) {
                return null; // taken from the queue just before close() emptied it
            }
            handedOut = batch;
        }
        return batch.buffers();
    }

    private synchronized boolean releaseHandedOut() {
        if (handedOut == null) {
            return false;
        }
        credit.release(handedOut.bytes());
        handedOut = null;
        return true;
    }

    /** Stops reading: an unfinished body closes its connection instead of returning it to the pool. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            handedOut = null;
            queue.clear();
            credit.close();
        }
        if (!finished) {
            finished = true;
            subscription.thenAccept(Flow.Subscription::cancel);
        }
    }
}
