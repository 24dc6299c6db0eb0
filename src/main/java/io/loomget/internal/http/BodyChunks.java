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
 * client's {@link ByteBuffer}s go straight to the file channel. At most two batches are held per
 * connection (the one being written and the one read ahead), so memory does not grow with the file.
 */
public final class BodyChunks implements HttpResponse.BodySubscriber<BodyChunks>, AutoCloseable {

    private static final Object END = new Object();

    private record Failure(Throwable cause) {}

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    private volatile boolean finished;

    public static HttpResponse.BodyHandler<BodyChunks> handler() {
        return info -> new BodyChunks();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription.complete(s);
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
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
     * The next buffers of the body, or {@code null} at its end.
     *
     * @param idleTimeout how long to wait for bytes before the connection counts as stalled
     * @throws StalledException when no bytes came for {@code idleTimeout}
     * @throws IOException when the connection failed mid-body
     */
    @SuppressWarnings("unchecked")
    public List<ByteBuffer> next(Duration idleTimeout) throws IOException, InterruptedException {
        if (finished) {
            return null;
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
        // Ask for the next batch now, so the network reads ahead while the caller writes this one.
        subscription.join().request(1);
        return (List<ByteBuffer>) item;
    }

    /** Stops reading: an unfinished body closes its connection instead of returning it to the pool. */
    @Override
    public void close() {
        if (!finished) {
            finished = true;
            subscription.thenAccept(Flow.Subscription::cancel);
        }
        queue.clear();
    }
}
