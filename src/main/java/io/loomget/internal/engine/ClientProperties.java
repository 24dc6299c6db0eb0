package io.loomget.internal.engine;

import io.loomget.internal.http.BodyChunks;

/**
 * The two properties of the JDK's HttpClient that loomget's heap bound rests on. They are process-wide:
 * the client reads them once, when its classes load, and they then apply to every client in the JVM.
 * So a run sets each only when nobody has (an embedding application's own choice stands), before it
 * builds its client; the library's documentation ({@code io.loomget} package) says so.
 */
final class ClientProperties {

    /** The client's read buffer: 16 KiB by default; 64 KiB halve its CPU per byte ({@link BodyChunks#BUFFER_SIZE}). */
    static final String BUFFER_SIZE = "jdk.httpclient.bufsize";
    /** Idle connections kept for reuse: unbounded by default, each with a read buffer ({@link HostLimiter#poolSize}). */
    static final String POOL_SIZE = "jdk.httpclient.connectionPoolSize";

    private ClientProperties() {}

    /** Sets both, each unless already set, for a JVM whose heap is {@code maxHeap} bytes. */
    static void setDefaults(long maxHeap) {
        setUnlessSet(BUFFER_SIZE, BodyChunks.BUFFER_SIZE);
        setUnlessSet(POOL_SIZE, HostLimiter.poolSize(maxHeap));
    }

    private static void setUnlessSet(String name, int value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, String.valueOf(value));
        }
    }
}
