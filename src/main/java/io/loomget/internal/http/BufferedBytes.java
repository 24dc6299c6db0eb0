package io.loomget.internal.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The response bytes a run holds in memory: handed to loomget by the HTTP client and not yet
 * written (or dropped). One per transport; every {@link BodyChunks} of it adds and releases here.
 * Its peak is what {@link BodyChunks#BUFFER_SIZE} bounds per open body.
 */
public final class BufferedBytes {

    private final AtomicLong held = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    void add(long bytes) {
        peak.accumulateAndGet(held.addAndGet(bytes), Math::max);
    }

    void release(long bytes) {
        held.addAndGet(-bytes);
    }

    /** Bytes held now. */
    public long held() {
        return held.get();
    }

    /** The most bytes held at once since this counter was made. */
    public long peak() {
        return peak.get();
    }
}
