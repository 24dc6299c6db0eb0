package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.RetryPolicy;
import io.loomget.internal.http.HttpStatusException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One retry rule for the probe and the ranges: what is retried, how often, how long to wait. */
class RetriesTest {

    private static final URI REMOTE = URI.create("http://example.org/a.bin");
    private static final URI LOOPBACK = URI.create("http://127.0.0.1:9/a.bin");
    private static final RetryPolicy TWO = new RetryPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void aTransientFailureIsRetriedUntilTheRetriesAreSpent() {
        var retries = new Retries(TWO);
        var unavailable = new HttpStatusException(503, Optional.empty());

        assertTrue(retries.after(unavailable, REMOTE).isPresent());
        assertTrue(retries.after(unavailable, REMOTE).isPresent());
        assertTrue(retries.after(unavailable, REMOTE).isEmpty(), "a third retry");
        assertEquals(2, retries.used());
    }

    @Test
    void aFinalStatusIsNeverRetried() {
        var retries = new Retries(TWO);

        assertTrue(retries.after(new HttpStatusException(404, Optional.empty()), REMOTE).isEmpty());
        assertEquals(0, retries.used());
    }

    @Test
    void aConnectionRefusedByALoopbackAddressIsFinalButElsewhereItIsRetried() {
        IOException refused = new ConnectException("Connection refused");

        assertTrue(new Retries(TWO).after(refused, LOOPBACK).isEmpty());
        assertTrue(new Retries(TWO).after(refused, REMOTE).isPresent());
    }

    @Test
    void retryAfterFromTheServerIsTheWaitUpToTheCap() {
        var retries = new Retries(TWO);

        var wait = retries.after(new HttpStatusException(503, Optional.of(Duration.ofMinutes(5))), REMOTE);

        assertEquals(Optional.of(Duration.ofSeconds(1)), wait);
    }
}
