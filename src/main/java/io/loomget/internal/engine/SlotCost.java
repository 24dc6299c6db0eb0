package io.loomget.internal.engine;

/**
 * What one connection slot may hold on the heap, for the HTTP client's read buffer of {@code buffer}
 * bytes: {@link #inUse()} while a connection works, {@link #pooled()} for the idle connection the
 * client keeps per slot, and {@link #window()} of response window credit. With 64 KiB buffers a slot
 * costs 528 KiB; with 32 KiB, 336 KiB; with 16 KiB, 240 KiB.
 *
 * @param buffer the client's read buffer ({@code jdk.httpclient.bufsize}), in bytes
 */
record SlotCost(int buffer) {

    /** The exchange, the file's scope and its threads' stacks while a slot is in use (measured: under 64 KiB). */
    static final long EXCHANGE = 64 * 1024;
    /**
     * What a connection over TLS holds beyond a plain one: the engine's record buffers and its session
     * (measured: 27 MB live with 192 connections over TLS in flight, 12 MB with 192 plain ones, so
     * about 80 KB each). Every slot counts it, since a run does not know its URLs' schemes in advance.
     */
    static final long TLS_ENGINE = 80 * 1024;
    /**
     * The heap the rest of a run needs: classes' objects, the batch, the views, the input read ahead
     * (measured: 5 MiB live besides the connections in a run of 100,000 URLs, whatever its length).
     */
    static final long HEAP_RESERVE = 16L << 20;
    /** The fewest slots a run gets, whatever its heap. */
    static final int MIN_SLOTS = 16;

    SlotCost {
        if (buffer < 1024) {
            throw new IllegalArgumentException("a read buffer of at least 1 KiB, got " + buffer);
        }
    }

    /**
     * What a slot in use holds besides its window: the client's buffers beyond a window's unwritten
     * bytes (a partly filled buffer at each end of it, or the first read of an answer whose window is
     * not reserved yet: three buffers), the {@link #EXCHANGE} and a {@link #TLS_ENGINE}. Taken from the
     * response windows while the slot is held.
     */
    long inUse() {
        return 3L * buffer + EXCHANGE + TLS_ENGINE;
    }

    /** What each slot holds even when free: the read buffer of one idle connection in the client's pool. */
    long pooled() {
        return buffer;
    }

    /** The window credit each slot brings that stays free for windows even when every slot is in use. */
    long window() {
        return 2L * buffer;
    }

    /** What one slot may hold on the heap at most. */
    long perConnection() {
        return inUse() + pooled() + window();
    }

    /** The most slots, whatever the heap: their windows must fit one semaphore's count of bytes. */
    int maxSlots() {
        return (int) (Integer.MAX_VALUE / (perConnection() - pooled()));
    }

    /**
     * Connections a heap of {@code maxHeap} bytes allows at once, so that the heap a run needs is
     * bounded by construction: at most {@code HEAP_RESERVE + slots × perConnection()}, whatever the
     * speed of the network or the disk. Without such a cap, {@code -j 2000} on the launcher's heap ran
     * out of memory inside the HTTP client, whose selector thread then died and left the run hung.
     */
    int slots(long maxHeap) {
        return (int) Math.clamp((maxHeap - HEAP_RESERVE) / perConnection(), MIN_SLOTS, maxSlots());
    }
}
