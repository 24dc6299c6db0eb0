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
 * <p><b>Memory bound.</b> The next batch is asked for only when the caller comes back for it, that
 * is once it has written the previous one: an open body holds at most one batch, whatever the
 * speeds of the network and of the disk. A slow disk stops the demand, the client stops reading
 * that socket, and TCP makes the server wait: back-pressure, never a queue. On HTTP/1.1 a batch is
 * one slice of one of the client's read buffers ({@link #BUFFER_SIZE}); the client itself reads
 * ahead at most {@link #CLIENT_READ_AHEAD} buffers per connection (its socket reader fills up to
 * three per request and asks for more only once they are consumed, plus the partly filled one it
 * keeps). So a connection holds at most {@link #PER_CONNECTION} bytes, and a run at most that many
 * times its connections in flight: see {@code HostLimiter}. The bytes loomget holds are counted
 * in the transport's {@link BufferedBytes}.
 */
public final class BodyChunks implements HttpResponse.BodySubscriber<BodyChunks>, AutoCloseable {

    /** The client's read buffer ({@code jdk.httpclient.bufsize}, set by the engine): the most bytes of one batch. */
    public static final int BUFFER_SIZE = 64 * 1024;
    /** Buffers the JDK client holds for a connection besides the batch handed over (see the class comment). */
    public static final int CLIENT_READ_AHEAD = 4;
    /** The most response bytes in memory for one connection: the batch being written and the client's read-ahead. */
    public static final long PER_CONNECTION = (1L + CLIENT_READ_AHEAD) * BUFFER_SIZE;

    private static final Object END = new Object();

    private record Failure(Throwable cause) {}

    private record Batch(List<ByteBuffer> buffers, long bytes) {}

    /** At most one batch and the end (or a failure): the demand is never more than one. */
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    private final BufferedBytes gauge;
    /** The batch the caller is writing; released (and the next one asked for) when it comes back. */
    private Batch handedOut;
    private boolean closed;
    private volatile boolean finished;

    public BodyChunks(BufferedBytes gauge) {
        this.gauge = gauge;
    }

    public static HttpResponse.BodyHandler<BodyChunks> handler(BufferedBytes gauge) {
        return info -> new BodyChunks(gauge);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription.complete(s);
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
            gauge.add(bytes);
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
                gauge.release(batch.bytes()); // taken from the queue just before close() emptied it
                return null;
            }
            handedOut = batch;
        }
        return batch.buffers();
    }

    private synchronized boolean releaseHandedOut() {
        if (handedOut == null) {
            return false;
        }
        gauge.release(handedOut.bytes());
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
            releaseHandedOut();
            for (var item : queue) {
                if (item instanceof Batch batch) {
                    gauge.release(batch.bytes());
                }
            }
            queue.clear();
        }
        if (!finished) {
            finished = true;
            subscription.thenAccept(Flow.Subscription::cancel);
        }
    }
}
