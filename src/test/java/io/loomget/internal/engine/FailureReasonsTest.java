package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.FailureReason;
import io.loomget.internal.http.HttpStatusException;
import io.loomget.internal.http.StalledException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.security.cert.CertificateExpiredException;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Each failure gets the kind a caller (the --json reason, aria2's error codes) can act on. */
class FailureReasonsTest {

    @Test
    void aStatusKeepsItsCode() {
        assertEquals(new FailureReason.HttpStatus(403), Failures.reason(new HttpStatusException(403, Optional.empty())));
    }

    @Test
    void connectAndIdleTimeoutsAreTimeouts() {
        assertEquals(FailureReason.Kind.TIMEOUT, Failures.reason(new HttpConnectTimeoutException("connect timed out")));
        assertEquals(FailureReason.Kind.TIMEOUT, Failures.reason(new StalledException("no data for 60.0 s")));
    }

    @Test
    void aHostThatDoesNotResolveIsNameResolutionAndFinal() {
        var unresolved = new ConnectException();
        unresolved.initCause(new ConnectException().initCause(new UnresolvedAddressException()));

        assertEquals(FailureReason.Kind.NAME_RESOLUTION, Failures.reason(unresolved));
        assertFalse(Failures.isTransient(unresolved));
    }

    @Test
    void aFullDiskIsToldApartFromOtherLocalWriteFailures() {
        var full = new LocalWriteException("cannot write x.part", new IOException("No space left on device"));
        var denied = new LocalWriteException("cannot create x.part", new AccessDeniedException("x.part"));

        assertEquals(FailureReason.Kind.DISK_FULL, Failures.reason(full));
        assertEquals(FailureReason.Kind.LOCAL_WRITE, Failures.reason(denied));
    }

    @Test
    void aDiskQuotaUsedUpIsAFullDiskForThisUser() {
        var quota = new LocalWriteException("cannot write x.part", new IOException("Disk quota exceeded"));

        assertEquals(FailureReason.Kind.DISK_FULL, Failures.reason(quota));
    }

    @Test
    void aWrongFileIsAChecksumMismatchOrAChangeOnTheServer() {
        assertEquals(FailureReason.Kind.CHECKSUM_MISMATCH, Failures.reason(
                new VerificationException(FailureReason.Kind.CHECKSUM_MISMATCH, "sha-256 checksum mismatch")));
        assertEquals(FailureReason.Kind.CHANGED_ON_SERVER, Failures.reason(
                new VerificationException(FailureReason.Kind.CHANGED_ON_SERVER, "size mismatch")));
    }

    @Test
    void anExpiredCertificateIsSaidInWordsAndNotRetried() {
        var expired = new SSLHandshakeException("(certificate_expired) PKIX path validation failed");
        expired.initCause(new CertificateExpiredException("NotAfter: Thu Jan 01 00:00:00 UTC 2026"));

        assertEquals(FailureReason.Kind.TLS_CERTIFICATE, Failures.reason(expired));
        assertEquals("certificate expired (NotAfter: Thu Jan 01 00:00:00 UTC 2026): the server must renew it",
                Failures.describe(expired));
        assertFalse(Failures.isTransient(expired));
    }

    @Test
    void aHandshakeTheServerRefusedIsFinalButOneTheConnectionLostIsRetried() {
        var refused = new SSLHandshakeException("Received fatal alert: handshake_failure");
        var lost = new SSLHandshakeException("Remote host terminated the handshake");

        assertEquals(FailureReason.Kind.TLS_HANDSHAKE, Failures.reason(refused));
        assertFalse(Failures.isTransient(refused));
        assertEquals(FailureReason.Kind.NETWORK, Failures.reason(lost));
        assertEquals(true, Failures.isTransient(lost));
    }

    @Test
    void aServerThatSpeaksOnlyAnOlderTlsIsToldApartAndFinal() {
        // What the JDK reports for nginx with ssl_protocols TLSv1 TLSv1.1 (checked against one by hand)
        var old = new SSLHandshakeException("Received fatal alert: protocol_version");

        assertEquals(FailureReason.Kind.TLS_HANDSHAKE, Failures.reason(old));
        assertEquals("the server refused the TLS handshake (protocol_version): it speaks no TLS version loomget does"
                + " (1.2, 1.3); the server needs a newer TLS", Failures.describe(old));
        assertFalse(Failures.isTransient(old));
    }

    @Test
    void aMalformedAnswerIsAProtocolErrorAndFinal() {
        // HttpClient.send wraps what the header parser threw; either way it is the same answer next time.
        var parsed = new ProtocolException("Invalid header value \"X: a\u001bb\"");
        var wrapped = new IOException(parsed.getMessage(), parsed);

        for (var e : List.of(parsed, wrapped)) {
            assertEquals(FailureReason.Kind.PROTOCOL, Failures.reason(e));
            assertFalse(Failures.isTransient(e));
            assertEquals("bad HTTP response: Invalid header value \"X: a\\x1bb\"", Failures.describe(e));
        }
    }

    @Test
    void httpsAtAPlainHttpPortIsATlsHandshakeFailureAndFinal() {
        var plaintext = new SSLException("Unrecognized SSL message, plaintext connection?");

        assertEquals(FailureReason.Kind.TLS_HANDSHAKE, Failures.reason(plaintext));
        assertFalse(Failures.isTransient(plaintext));
        assertTrue(Failures.describe(plaintext).contains("did not answer in TLS"), Failures.describe(plaintext));
    }

    @Test
    void genuinelyTransientNetworkFailuresAreStillRetried() {
        assertEquals(true, Failures.isTransient(new java.net.SocketException("Connection reset")));
        assertEquals(true, Failures.isTransient(new IOException("HTTP/1.1 header parser received no bytes")));
        assertEquals(true, Failures.isTransient(new SSLException("Connection reset")));
    }

    @Test
    void noFailureDescriptionCarriesAControlCharacter() {
        var cause = new IOException("boom \u009b2J\u2028second line\u202e");

        assertEquals("cannot write x.part: boom \\x9b2J\\u2028second line\\u202e",
                Failures.describe(new LocalWriteException("cannot write x.part", cause)));
        assertEquals("could not resolve host ev\\x1bil", Failures.describe(new java.net.UnknownHostException("ev\u001bil")));
    }
}
