package io.loomget.http;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's own certificate checks, loaded at the first TLS handshake instead of at start-up.
 *
 * <p>Why: {@code HttpClient} builds the default {@link SSLContext} when it is created, and reading the
 * system's CA store costs about 0.1 s of CPU that a run over plain http never needs. Every check is
 * handed, unchanged, to the platform's default {@link X509ExtendedTrustManager} (CA store, host name
 * and algorithm constraints), so https trusts exactly what it would trust with the default context.
 */
final class DeferredTrust extends X509ExtendedTrustManager {

    private volatile X509ExtendedTrustManager platform;

    /** A TLS context whose trust decisions are the platform default's, loaded on first use. */
    static SSLContext context() {
        try {
            var context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new DeferredTrust()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS support in this JDK: " + e, e);
        }
    }

    private X509ExtendedTrustManager platform() throws CertificateException {
        var trust = platform;
        if (trust == null) {
            synchronized (this) {
                trust = platform;
                if (trust == null) {
                    platform = trust = load();
                }
            }
        }
        return trust;
    }

    private static X509ExtendedTrustManager load() throws CertificateException {
        try {
            var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (var manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new CertificateException("the platform has no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new CertificateException("cannot load the platform's trusted certificates: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        platform().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        platform().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        platform().checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        platform().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        platform().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        platform().checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        try {
            return platform().getAcceptedIssuers();
        } catch (CertificateException e) {
            return new X509Certificate[0];
        }
    }
}
