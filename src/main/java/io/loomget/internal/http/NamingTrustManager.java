package io.loomget.internal.http;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's trust manager, checking exactly as it does, that notes on a refusal who issued the server's
 * certificate ({@link ServerIssuer}, a suppressed exception): the JDK's own words ("unable to find
 * valid certification path") name no one, and the issuer is what tells the user which CA to pass to
 * {@code --ca-certificate}, or that the server left out an intermediate certificate.
 */
final class NamingTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager jdk;

    NamingTrustManager(X509ExtendedTrustManager jdk) {
        this.jdk = jdk;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        try {
            jdk.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw noted(e, chain);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        try {
            jdk.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw noted(e, chain);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            jdk.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw noted(e, chain);
        }
    }

    private static CertificateException noted(CertificateException e, X509Certificate[] chain) {
        if (chain != null && chain.length > 0) {
            e.addSuppressed(new ServerIssuer(chain[chain.length - 1]));
        }
        return e;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        jdk.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        jdk.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        jdk.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return jdk.getAcceptedIssuers();
    }

    /**
     * Who issued the last certificate the server sent (the top of the chain it sent), or that it is
     * self-signed: the CA the client would have to trust.
     */
    static final class ServerIssuer extends Exception {

        private final String words;

        ServerIssuer(X509Certificate top) {
            super(null, null, false, false);
            var issuer = top.getIssuerX500Principal();
            this.words = issuer.equals(top.getSubjectX500Principal())
                    ? "self-signed: " + issuer.getName() : "issuer: " + issuer.getName();
        }

        /** "issuer: CN=..." or "self-signed: CN=...". */
        String words() {
            return words;
        }
    }
}
