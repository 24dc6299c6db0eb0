package io.loomget.internal.http;

import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A TLS context that sets itself up at the first https connection instead of at start-up.
 *
 * <p>Why: {@code HttpClient} builds its TLS context, and asks it for its default parameters, when the
 * client is created. Finding the TLS provider, loading the system's CA certificates and working out
 * the defaults costs about 0.08 s of CPU on every run, even one that only speaks plain http. The
 * context made on first use is the JDK's own ({@code TLS}, initialised with the platform's default
 * trust managers: the system CA store, or {@code javax.net.ssl.trustStore}; a refusal also names the
 * issuer), so https is verified exactly as with the default context, host names included; or, with
 * {@link TlsMaterial} of the user's,
 * the context that material makes.
 */
final class DeferredTls extends SSLContextSpi {

    private final TlsMaterial material;
    private volatile SSLContext tls;

    private DeferredTls(TlsMaterial material) {
        this.material = material;
    }

    /**
     * The deferred context, to give to {@link java.net.http.HttpClient.Builder#sslContext}; made from
     * {@code material} ({@code --ca-certificate}, {@code --certificate}, {@code --insecure}) when that is
     * not the JDK's default.
     */
    static SSLContext context(TlsMaterial material) {
        return new SSLContext(new DeferredTls(material), null, "TLS") {};
    }

    /**
     * Parameters that leave every choice to the JDK's defaults (null protocols and cipher suites mean
     * "the defaults" to an {@link SSLEngine}); given to the client so that it does not ask the context.
     */
    static SSLParameters defaults() {
        return new SSLParameters();
    }

    private SSLContext tls() {
        var context = tls;
        if (context == null) {
            synchronized (this) {
                context = tls;
                if (context == null) {
                    try {
                        context = material.context();
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException("TLS is not available in this JDK: " + e.getMessage(), e);
                    }
                    tls = context;
                }
            }
        }
        return context;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) throws KeyManagementException {
        throw new KeyManagementException("a deferred TLS context sets itself up");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        return tls().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        return tls().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        return tls().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return tls().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return tls().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        return tls().getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
        return tls().getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return tls().getSupportedSSLParameters();
    }
}
