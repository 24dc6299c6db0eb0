package io.loomget.internal.engine;

import io.loomget.internal.http.Answer;

/**
 * A file's first exchange: the host permit its first request was sent under and, once the probe
 * has answered, that answer's open body. One owner: the file's download holds it in a
 * try-with-resources; whoever goes on with the body or the permit (the first range) takes it from
 * here, and {@link #close()} releases whatever nobody took. Used by the file's own thread only.
 */
final class FirstExchange implements AutoCloseable {

    private HostLimiter.Permit permit;
    private Answer response;

    FirstExchange(HostLimiter.Permit permit) {
        this.permit = permit;
    }

    /** The probe answered: its open body is held here until a range takes it or this closes. */
    void answered(Answer probeResponse) {
        this.response = probeResponse;
    }

    /** The probe's open answer, now the caller's to close; null when there is none (any more). */
    Answer takeResponse() {
        var taken = response;
        response = null;
        return taken;
    }

    /** The connection slot, still held here: the probe reports through it how the host answered. */
    HostLimiter.Permit permit() {
        return permit;
    }

    /** The connection slot, now the caller's to release; null when already taken. */
    HostLimiter.Permit takePermit() {
        var taken = permit;
        permit = null;
        return taken;
    }

    /** Closes an untaken body (its connection is not reused: the rest of the answer is unread) and frees an untaken slot. */
    @Override
    public void close() {
        if (response != null) {
            response.body().close();
            response = null;
        }
        if (permit != null) {
            permit.close();
            permit = null;
        }
    }
}
