package io.loomget.server;

import java.time.Instant;
import java.util.Objects;

/** Everything the server knows about one path: its content version, behaviour and fault counters. */
final class Resource {

    /** What one request gets to see, fixed at its arrival. */
    record Admission(int number, Behaviour behaviour, Version version) {
        static final Admission UNKNOWN = new Admission(1, Behaviour.NORMAL, null);
    }

    private Version version; // null while only a behaviour is registered
    private int generation;
    private Behaviour behaviour = Behaviour.NORMAL;
    private int requests;
    private int bodies;
    private boolean changed;

    synchronized void replace(Content content) {
        Objects.requireNonNull(content, "content");
        // Last-Modified must move even when two versions land in the same second.
        Instant now = HttpDates.truncate(Instant.now());
        Instant lastModified = version == null || now.isAfter(version.lastModified())
                ? now
                : version.lastModified().plusSeconds(1);
        version = Version.of(content, ++generation, lastModified);
    }

    synchronized void behave(Behaviour behaviour) {
        this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
        requests = 0;
        bodies = 0;
        changed = false;
    }

    synchronized Version version() {
        return version;
    }

    synchronized Admission admit() {
        requests++;
        var change = behaviour.change();
        if (change != null && !changed && requests > change.afterRequests()) {
            changed = true;
            replace(change.content());
        }
        return new Admission(requests, behaviour, version);
    }

    /** Counts a body about to be sent; returns where to cut it, or -1 to send it whole. */
    synchronized long nextBodyCut(Behaviour b) {
        bodies++;
        var t = b.truncation();
        return t != null && bodies <= t.responses() ? t.afterBytes() : -1;
    }
}
