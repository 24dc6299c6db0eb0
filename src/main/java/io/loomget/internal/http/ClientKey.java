package io.loomget.internal.http;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The one client certificate of {@code --certificate}, offered whenever a server asks for one, as curl
 * does: the JDK's own key managers offer a certificate only when its issuer is among the authorities the
 * server names, and a server that names none, or other ones, would then get no certificate at all.
 * Without a certificate it offers none, and either way it notes in the TLS session that the server
 * asked ({@link #ASKED}): a server that then refuses the request can be explained to the user.
 */
final class ClientKey extends X509ExtendedKeyManager {

    /** The session value set when the server asked for a client certificate. */
    static final String ASKED = "loomget.client-certificate-asked";

    private static final String ALIAS = "client";

    private final X509Certificate[] chain;
    private final PrivateKey key;

    ClientKey(List<X509Certificate> chain, PrivateKey key) {
        this.chain = chain.toArray(X509Certificate[]::new);
        this.key = key;
    }

    /**
     * Refuses a key that does not belong to the certificate: signs a few bytes with it and checks them
     * with the certificate's public key.
     *
     * @throws IllegalArgumentException naming both files
     */
    static void checkPair(X509Certificate certificate, PrivateKey key, Path certificateFile, Path keyFile) {
        var algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
            default -> null; // RSASSA-PSS and the like: the handshake will tell
        };
        if (algorithm == null) {
            return;
        }
        try {
            var data = "loomget".getBytes(StandardCharsets.US_ASCII);
            var signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(data);
            var verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(data);
            if (verifier.verify(signer.sign())) {
                return;
            }
        } catch (GeneralSecurityException mismatched) {
            // a key of another type than the certificate's: the same answer as a wrong key
        }
        throw new IllegalArgumentException("privateKey (--private-key): the key in " + keyFile
                + " does not belong to the certificate in " + certificateFile);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        var session = engine == null ? null : engine.getHandshakeSession();
        if (session != null) {
            session.putValue(ASKED, Boolean.TRUE);
        }
        return chain.length == 0 ? null : ALIAS;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return chain.length == 0 ? null : ALIAS;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return chain.length == 0 ? null : new String[] {ALIAS};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
