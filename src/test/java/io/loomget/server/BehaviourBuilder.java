package io.loomget.server;

import java.time.Duration;
import java.util.Objects;

/** Builds a {@link Behaviour}; mutable, and every method returns this. */
public final class BehaviourBuilder {
    private boolean noRanges;
    private boolean rangeAnsweredWith200;
    private long shiftedRange;
    private String contentDisposition;
    private boolean noContentLength;
    private boolean gzip;
    private Behaviour.FailFirst failFirst;
    private int status;
    private String retryAfter;
    private Behaviour.Truncation truncation;
    private long stallAfter = -1;
    private Behaviour.StalledRange stalledRange;
    private long rate;
    private Behaviour.SlowRange slowRange;
    private Behaviour.ContentChange change;
    private Behaviour.Redirect redirect;
    private Duration latency = Duration.ZERO;

    BehaviourBuilder() {}

    BehaviourBuilder(Behaviour b) {
        noRanges = b.noRanges();
        rangeAnsweredWith200 = b.rangeAnsweredWith200();
        shiftedRange = b.shiftedRange();
        contentDisposition = b.contentDisposition();
        noContentLength = b.noContentLength();
        gzip = b.gzip();
        failFirst = b.failFirst();
        status = b.status();
        retryAfter = b.retryAfter();
        truncation = b.truncation();
        stallAfter = b.stallAfter();
        stalledRange = b.stalledRange();
        rate = b.rate();
        slowRange = b.slowRange();
        change = b.change();
        redirect = b.redirect();
        latency = b.latency();
    }

    public BehaviourBuilder noRanges() {
        noRanges = true;
        return this;
    }

    public BehaviourBuilder rangeAnsweredWith200() {
        rangeAnsweredWith200 = true;
        return this;
    }

    public BehaviourBuilder shiftedRange(long delta) {
        shiftedRange = delta;
        return this;
    }

    public BehaviourBuilder contentDisposition(String headerValue) {
        contentDisposition = Objects.requireNonNull(headerValue);
        return this;
    }

    public BehaviourBuilder noContentLength() {
        noContentLength = true;
        return this;
    }

    public BehaviourBuilder gzip() {
        gzip = true;
        return this;
    }

    public BehaviourBuilder failFirst(int n, int status) {
        failFirst = new Behaviour.FailFirst(n, status);
        return this;
    }

    public BehaviourBuilder retryAfter(String headerValue) {
        retryAfter = Objects.requireNonNull(headerValue);
        return this;
    }

    public BehaviourBuilder status(int status) {
        Behaviour.requireStatus(status);
        this.status = status;
        return this;
    }

    public BehaviourBuilder truncateAfter(long bytes) {
        truncation = new Behaviour.Truncation(Integer.MAX_VALUE, bytes);
        return this;
    }

    public BehaviourBuilder truncateFirst(int n, long bytes) {
        truncation = new Behaviour.Truncation(n, bytes);
        return this;
    }

    /**
     * After {@code bytes} body bytes, send nothing more and hold the connection until the server
     * closes. A client that gives up is only noticed then, since nothing is written to fail.
     */
    public BehaviourBuilder stallAfter(long bytes) {
        Behaviour.requireNonNegative(bytes, "bytes");
        stallAfter = bytes;
        return this;
    }

    /**
     * Like {@link #stallAfter}, for bodies starting exactly at {@code offset} only: a request for the
     * rest of that range, from any other byte, is served normally.
     */
    public BehaviourBuilder stallWhenRangeStartsAt(long offset, long afterBytes) {
        stalledRange = new Behaviour.StalledRange(offset, afterBytes);
        return this;
    }

    public BehaviourBuilder rate(long bytesPerSecond) {
        Behaviour.requirePositive(bytesPerSecond, "bytesPerSecond");
        rate = bytesPerSecond;
        return this;
    }

    public BehaviourBuilder slowWhenRangeStartsAt(long offset, long bytesPerSecond) {
        slowRange = new Behaviour.SlowRange(offset, 0, bytesPerSecond);
        return this;
    }

    /** A body starting at {@code offset} sends {@code afterBytes} at full speed, then trickles at {@code bytesPerSecond}. */
    public BehaviourBuilder trickleWhenRangeStartsAt(long offset, long afterBytes, long bytesPerSecond) {
        slowRange = new Behaviour.SlowRange(offset, afterBytes, bytesPerSecond);
        return this;
    }

    public BehaviourBuilder changeAfterRequests(int n, Content newContent) {
        change = new Behaviour.ContentChange(n, newContent);
        return this;
    }

    /** 302 to {@code location}. */
    public BehaviourBuilder redirectTo(String location) {
        return redirectTo(location, 302);
    }

    public BehaviourBuilder redirectTo(String location, int status) {
        redirect = new Behaviour.Redirect(location, status);
        return this;
    }

    public BehaviourBuilder latency(Duration latency) {
        this.latency = Objects.requireNonNull(latency);
        return this;
    }

    public Behaviour build() {
        return new Behaviour(noRanges, rangeAnsweredWith200, shiftedRange, contentDisposition,
                noContentLength, gzip, failFirst, status, retryAfter, truncation, stallAfter, stalledRange, rate,
                slowRange, change, redirect, latency);
    }
}
