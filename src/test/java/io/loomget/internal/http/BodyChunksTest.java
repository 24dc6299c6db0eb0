package io.loomget.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The body subscriber, driven by hand the way the HttpClient drives it: no network. */
@Timeout(30)
class BodyChunksTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** What the subscriber asked of its subscription. */
    private static final class Subscription implements Flow.Subscription {
        long requested;
        boolean cancelled;

        @Override
        public synchronized void request(long n) {
            requested += n;
        }

        @Override
        public synchronized void cancel() {
            cancelled = true;
        }
    }

    private final Subscription subscription = new Subscription();
    private final Window window = new Window();
    private BodyChunks body;

    @BeforeEach
    void subscribe() {
        body = new BodyChunks();
        body.onSubscribe(subscription);
    }

    @Test
    void asksForOneBatchWhenSubscribed() {
        assertEquals(1, subscription.requested);
    }

    @Test
    void bodyIsTheSubscriberItself() {
        assertSame(body, body.getBody().toCompletableFuture().join());
    }

    @Test
    void batchIsHandedOverAsTheClientGaveIt() throws Exception {
        var batch = List.of(ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.wrap(new byte[] {3}));
        body.onNext(batch);
        assertSame(batch, body.next(WAIT));
    }

    @Test
    void takingABatchAsksForNothingMoreWhileItIsWritten() throws Exception {
        body.onNext(List.of(ByteBuffer.allocate(1)));
        body.next(WAIT);
        assertEquals(1, subscription.requested);
    }

    @Test
    void comingBackForMoreAsksForTheNextBatch() throws Exception {
        body.onNext(List.of(ByteBuffer.allocate(1)));
        body.next(WAIT);
        assertThrows(StalledException.class, () -> body.next(Duration.ofMillis(1)));
        assertEquals(2, subscription.requested);
    }

    @Test
    void anEndThatCameWithoutDemandIsNotAskedForAgain() throws Exception {
        body.onNext(List.of(ByteBuffer.allocate(1)));
        body.next(WAIT);
        body.onComplete();
        assertNull(body.next(WAIT));
        assertEquals(1, subscription.requested);
    }

    @Test
    void aBatchGoesBackToTheWindowOnlyWhenTheCallerComesBack() throws Exception {
        body.charge(window);
        body.onNext(List.of(ByteBuffer.allocate(3), ByteBuffer.allocate(4)));
        body.next(WAIT);
        assertEquals(0, window.released);
        body.onComplete();
        body.next(WAIT);
        assertEquals(7, window.released);
    }

    @Test
    void closingGivesTheWholeWindowBack() throws Exception {
        body.charge(window);
        body.onNext(List.of(ByteBuffer.allocate(5)));
        body.next(WAIT);
        body.close();
        assertTrue(window.closed);
    }

    @Test
    void aWindowChargedToAClosedBodyGoesBackAtOnce() {
        body.close();
        body.charge(window);
        assertTrue(window.closed);
    }

    /** Records what a body gives back. */
    private static final class Window implements BodyChunks.Credit {
        long released;
        boolean closed;

        @Override
        public void release(long bytes) {
            released += bytes;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void endOfBodyIsNull() throws Exception {
        body.onComplete();
        assertNull(body.next(WAIT));
    }

    @Test
    void afterTheEndEveryCallIsNull() throws Exception {
        body.onComplete();
        body.next(WAIT);
        assertNull(body.next(Duration.ZERO));
    }

    @Test
    void batchesComeInOrderBeforeTheEnd() throws Exception {
        var first = List.of(ByteBuffer.allocate(1));
        var second = List.of(ByteBuffer.allocate(2));
        body.onNext(first);
        body.onNext(second);
        body.onComplete();
        assertSame(first, body.next(WAIT));
        assertSame(second, body.next(WAIT));
        assertNull(body.next(WAIT));
    }

    @Test
    void connectionFailureIsThrownAsItsIOException() {
        var cause = new IOException("connection reset");
        body.onError(cause);
        assertSame(cause, assertThrows(IOException.class, () -> body.next(WAIT)));
    }

    @Test
    void otherFailureIsWrappedInAnIOException() {
        var cause = new IllegalStateException("boom");
        body.onError(cause);
        var thrown = assertThrows(IOException.class, () -> body.next(WAIT));
        assertSame(cause, thrown.getCause());
    }

    @Test
    void noBytesWithinTheIdleTimeoutIsAStall() {
        var thrown = assertThrows(IOException.class, () -> body.next(Duration.ofMillis(1)));
        assertInstanceOf(StalledException.class, thrown);
    }

    @Test
    void closingAnUnfinishedBodyCancelsItsSubscription() {
        body.close();
        assertTrue(subscription.cancelled);
    }

    @Test
    void closingAFinishedBodyDoesNotCancel() throws Exception {
        body.onComplete();
        body.next(WAIT);
        body.close();
        assertFalse(subscription.cancelled);
    }

    @Test
    void closedBodyReturnsNoMoreBatches() throws Exception {
        body.onNext(List.of(ByteBuffer.allocate(1)));
        body.close();
        assertNull(body.next(WAIT));
    }
}
