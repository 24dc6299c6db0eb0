package io.loomget.engine;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/** Caps the connections open to one host over all files of a batch ({@code --max-connections-per-host}). */
final class HostLimiter {

    private final int perHost;
    private final ConcurrentHashMap<String, Semaphore> hosts = new ConcurrentHashMap<>();

    HostLimiter(int perHost) {
        this.perHost = perHost;
    }

    /** A held connection slot; closing it frees the slot. */
    static final class Permit implements AutoCloseable {
        private Semaphore semaphore;

        private Permit(Semaphore semaphore) {
            this.semaphore = semaphore;
        }

        @Override
        public synchronized void close() {
            if (semaphore != null) {
                semaphore.release();
                semaphore = null;
            }
        }
    }

    Permit acquire(URI uri) throws InterruptedException {
        var s = semaphoreFor(uri);
        s.acquire();
        return new Permit(s);
    }

    Optional<Permit> tryAcquire(URI uri) {
        var s = semaphoreFor(uri);
        return s.tryAcquire() ? Optional.of(new Permit(s)) : Optional.empty();
    }

    private Semaphore semaphoreFor(URI uri) {
        var key = (uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort()).toLowerCase(Locale.ROOT);
        return hosts.computeIfAbsent(key, k -> new Semaphore(perHost));
    }
}
