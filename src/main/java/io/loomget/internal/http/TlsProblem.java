package io.loomget.internal.http;

import io.loomget.FailureReason;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * A TLS handshake that cannot succeed if tried again, said in plain words with what to pass.
 *
 * <p>The JDK reports every such failure as an {@link SSLHandshakeException} whose message is the
 * validator's ("PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException:
 * ..."); what went wrong is in the types of its causes. A handshake the connection lost ("Remote host
 * terminated the handshake") is not one of these: it may work on the next try. An answer in plain
 * HTTP ({@code https://} at an {@code http://} port) is one.
 *
 * @param kind  {@link FailureReason.Kind#TLS_CERTIFICATE} (the server's certificate does not verify)
 *              or {@link FailureReason.Kind#TLS_HANDSHAKE} (the server refused the handshake)
 * @param words one line for the user
 */
public record TlsProblem(FailureReason.Kind kind, String words) {

    /** The problem {@code t} stands for, or empty when it is not a TLS failure that a retry cannot mend. */
    public static Optional<TlsProblem> of(Throwable t) {
        if (isPlaintext(t)) {
            return Optional.of(new TlsProblem(FailureReason.Kind.TLS_HANDSHAKE,
                    "the server did not answer in TLS (plain HTTP on this port?): try http:// rather than https://"));
        }
        SSLHandshakeException handshake = null;
        Exception unverified = null;
        for (var c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SSLHandshakeException h && handshake == null) {
                handshake = h;
            }
            if (handshake == null) {
                continue;
            }
            var certificate = certificate(c, issuer(t));
            if (certificate != null) {
                return Optional.of(new TlsProblem(FailureReason.Kind.TLS_CERTIFICATE, certificate));
            }
            if (unverified == null && (c instanceof CertificateException || c instanceof CertPathValidatorException)) {
                unverified = (Exception) c;
            }
        }
        if (unverified != null) {
            return Optional.of(new TlsProblem(FailureReason.Kind.TLS_CERTIFICATE,
                    "certificate does not verify (" + firstLine(unverified.getMessage()) + ")"));
        }
        if (handshake == null || handshake.getMessage() == null) {
            return Optional.empty();
        }
        var message = handshake.getMessage();
        int alert = message.indexOf("Received fatal alert: ");
        if (alert < 0) {
            return Optional.empty();
        }
        var name = message.substring(alert + "Received fatal alert: ".length()).strip();
        return Optional.of(new TlsProblem(FailureReason.Kind.TLS_HANDSHAKE, switch (name) {
            case "bad_certificate", "certificate_required", "unknown_ca", "certificate_unknown", "access_denied" ->
                    "the server refused the TLS handshake (" + name + "): it wants a client certificate it trusts;"
                            + " pass --certificate FILE --private-key FILE";
            // What a server that stopped at TLS 1.0 or 1.1 answers: the JDK offers 1.2 and 1.3 only
            case "protocol_version" -> "the server refused the TLS handshake (protocol_version): it speaks no TLS"
                    + " version loomget does (1.2, 1.3); the server needs a newer TLS";
            default -> "the server refused the TLS handshake (" + name + ")";
        }));
    }

    /** Plain words for a certificate check that failed at {@code c}, or null when {@code c} is not one. */
    private static String certificate(Throwable c, String issuer) {
        return switch (c) {
            case CertificateExpiredException e ->
                    "certificate expired (" + e.getMessage() + "): the server must renew it";
            case CertificateNotYetValidException e ->
                    "certificate not valid yet (" + e.getMessage() + "): check this computer's clock";
            case CertPathValidatorException e when e.getReason() == CertPathValidatorException.BasicReason.EXPIRED ->
                    "certificate expired" + notAfter(e) + ": the server must renew it";
            case CertPathValidatorException e when e.getReason() == CertPathValidatorException.BasicReason.REVOKED ->
                    "certificate revoked by its issuer";
            case CertPathBuilderException e ->
                    "certificate not trusted (unknown issuer): pass --ca-certificate FILE with the CA that signed it" + issuer;
            case CertificateException e when isHostMismatch(e.getMessage()) ->
                    "certificate is for another host name (" + e.getMessage() + "): use a name the certificate lists";
            default -> null;
        };
    }

    /**
     * " (issuer: CN=...)" or " (self-signed: CN=...)" when the trust manager noted it on the refusal
     * ({@link NamingTrustManager}), else nothing.
     */
    private static String issuer(Throwable t) {
        for (var c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            for (var s : c.getSuppressed()) {
                if (s instanceof NamingTrustManager.ServerIssuer issuer) {
                    return " (" + issuer.words() + ")";
                }
            }
        }
        return "";
    }

    /**
     * The validator says which date passed in the {@link CertificateExpiredException} it wraps
     * ("NotAfter: ..."): worth saying, since a date long past and one a minute ago call for different fixes.
     */
    private static String notAfter(CertPathValidatorException e) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof CertificateExpiredException expired && expired.getMessage() != null) {
                return " (" + firstLine(expired.getMessage()) + ")";
            }
        }
        return "";
    }

    /**
     * {@code https://} at a port that speaks plain HTTP: the JDK's TLS engine cannot read the answer as a
     * TLS record, and says so in a plain {@link SSLException}, not a handshake exception.
     */
    private static boolean isPlaintext(Throwable t) {
        for (var c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SSLException && c.getMessage() != null && c.getMessage().contains("Unrecognized SSL message")) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String message) {
        return message == null ? "no reason given" : message.lines().findFirst().orElse(message);
    }

    /** The JDK's host name checker's words (sun.security.util.HostnameChecker). */
    private static boolean isHostMismatch(String message) {
        return message != null && (message.startsWith("No subject alternative") || message.startsWith("No name matching"));
    }
}
