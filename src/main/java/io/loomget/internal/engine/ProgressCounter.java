package io.loomget.internal.engine;

import io.loomget.DownloadRequest;
import io.loomget.DownloadStatus;
import io.loomget.FileProgress;
import io.loomget.internal.http.JdkTransport;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The engine's side of {@link FileProgress}: range threads add the bytes they write, and views read
 * the sums at their own pace, so progress costs no event per buffer.
 */
public final class ProgressCounter implements FileProgress {

    private final DownloadRequest request;
    private final Path target;
    private final long size;
    private final long startNanos = System.nanoTime();
    private final LongAdder bytes = new LongAdder();
    private volatile long reused;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    /** The part file's runs on disk, for a queue's status; none until the file's plan is known. */
    private volatile Supplier<List<long[]>> runs = List::of;

    public ProgressCounter(DownloadRequest request, Path target, long size) {
        this(request, target, size, 0);
    }

    /** {@code reused}: bytes already on disk from an earlier run ({@code -c}). */
    public ProgressCounter(DownloadRequest request, Path target, long size, long reused) {
        this.request = request;
        this.target = target;
        this.size = size;
        this.reused = reused;
    }

    @Override public DownloadRequest request() { return request; }

    @Override public Path target() { return target; }

    @Override public long size() { return size; }

    @Override public long bytes() { return reused + bytes.sum(); }

    @Override public long fetched() { return bytes.sum(); }

    @Override public long reused() { return reused; }

    @Override public int connections() { return connections.size(); }

    @Override public long startNanos() { return startNanos; }

    /** {@code n} more bytes are on disk (negative when a stream starts over). */
    public void add(long n) { bytes.add(n); }

    /** Bytes written so far no longer count (the file starts over). */
    public void reset() {
        bytes.reset();
        reused = 0;
    }

    /** Where {@link #doneRuns()} reads from: the file's range plan. */
    void trackRuns(Supplier<List<long[]>> source) { runs = source; }

    /** The byte runs {@code [start, end)} on disk now, sorted and merged. */
    public List<long[]> doneRuns() { return runs.get(); }

    /** A connection of this file opens; it counts in {@link #connections()} until closed. */
    public Connection openConnection() {
        var connection = new Connection();
        connections.add(connection);
        return connection;
    }

    /**
     * The servers the open connections are fetching from right now (aria2's {@code getServers}): one
     * per connection with an answer streaming, as aria2 lists one per request in flight.
     */
    public List<DownloadStatus.Server> servers(long nowNanos) {
        var servers = new ArrayList<DownloadStatus.Server>();
        for (var c : connections) {
            var source = c.source;
            if (source != null) {
                long elapsed = nowNanos - c.openedNanos;
                servers.add(new DownloadStatus.Server(source.given(), source.current(),
                        elapsed > 0 ? (long) (c.bytes.sum() * 1e9 / elapsed) : 0));
            }
        }
        return servers;
    }

    /** Where a connection's current answer comes from: the download's URL as given, and where the request landed. */
    private record Source(URI given, URI current) {}

    /** One connection (one range's thread) of the file: the source it fetches from and the bytes it wrote. */
    public final class Connection implements AutoCloseable {
        private final long openedNanos = System.nanoTime();
        private final LongAdder bytes = new LongAdder();
        private volatile Source source;

        private Connection() {}

        /**
         * An answer from {@code landed} (after any redirects) is streaming, for the download's URL
         * {@code given}; the same URL without a redirect shows as given (with any login it carries).
         */
        public void fetching(URI given, URI landed) {
            var current = landed.equals(JdkTransport.withoutUserInfo(given)) ? given : landed;
            var now = source;
            if (now == null || !now.given().equals(given) || !now.current().equals(current)) {
                source = new Source(given, current);
            }
        }

        /** No answer streams (a request failed; the next one may go elsewhere). */
        public void idle() {
            source = null;
        }

        /** {@code n} more bytes came over this connection. */
        public void add(long n) {
            bytes.add(n);
        }

        @Override
        public void close() {
            connections.remove(this);
        }
    }
}
