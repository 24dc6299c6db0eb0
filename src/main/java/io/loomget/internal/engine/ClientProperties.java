package io.loomget.internal.engine;

import io.loomget.internal.http.BodyChunks;

/**
 * The two properties of the JDK's HttpClient that loomget's heap bound rests on. They are process-wide:
 * the client reads them once, when its classes load, and they then apply to every client in the JVM.
 * So a run sets each only when nobody has (an embedding application's own choice stands), before it
 * builds its client, and bounds its heap by the buffer in effect; the library's documentation
 * ({@code io.loomget} package) says so.
 */
final class ClientProperties {

    /** The client's read buffer: 16 KiB by default; 64 KiB halve its CPU per byte ({@link BodyChunks#BUFFER_SIZE}). */
    static final String BUFFER_SIZE = "jdk.httpclient.bufsize";
    /** Idle connections kept for reuse: unbounded by default, each with a read buffer ({@link SlotCost#pooled}). */
    static final String POOL_SIZE = "jdk.httpclient.connectionPoolSize";
    /** The client's own read buffer: what it reads with when the property names none it can use, and the smallest loomget asks for. */
    static final int JDK_DEFAULT_BUFFER = 16 * 1024;

    private ClientProperties() {}

    /**
     * Sets both, each unless already set, for a run of {@code filesAtOnce} files at once on a heap of
     * {@code maxHeap} bytes; returns what a slot costs with the read buffer then in effect.
     * Synchronized: two runs starting at once (different {@code -j}) would otherwise both see the
     * buffer unset, each set its own, and one bound its heap by a buffer the other replaced.
     */
    static synchronized SlotCost setDefaults(long maxHeap, int filesAtOnce) {
        setUnlessSet(BUFFER_SIZE, bufferFor(maxHeap, filesAtOnce));
        var cost = new SlotCost(bufferInEffect());
        setUnlessSet(POOL_SIZE, cost.slots(maxHeap));
        return cost;
    }

    /**
     * The largest read buffer, from {@link BodyChunks#BUFFER_SIZE} down to {@link #JDK_DEFAULT_BUFFER} by
     * halves, whose slots let every file of the run have a connection at once: 64 KiB halve the CPU
     * per byte of smaller ones, but a slot then costs 528 KiB of heap, so the launcher's heap has 58
     * such slots; {@code -j 64} gets 32 KiB buffers and 91 slots, {@code -j 256} 16 KiB ones and 128
     * slots, where it had 68 before smaller buffers were chosen (bench/results/memory.md).
     */
    static int bufferFor(long maxHeap, int filesAtOnce) {
        int size = BodyChunks.BUFFER_SIZE;
        while (size > JDK_DEFAULT_BUFFER && new SlotCost(size).slots(maxHeap) < filesAtOnce) {
            size /= 2;
        }
        return size;
    }

    /**
     * The read buffer the property names (an application's own choice, or the one a run set), read as
     * the client reads it ({@code Integer.decode}, its default when that fails); at least 1 KiB.
     */
    static int bufferInEffect() {
        var value = System.getProperty(BUFFER_SIZE);
        if (value == null) {
            return JDK_DEFAULT_BUFFER;
        }
        try {
            int size = Integer.decode(value);
            return size > 0 ? Math.max(size, 1024) : JDK_DEFAULT_BUFFER;
        } catch (NumberFormatException e) {
            return JDK_DEFAULT_BUFFER;
        }
    }

    private static void setUnlessSet(String name, int value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, String.valueOf(value));
        }
    }
}
