package io.loomget.internal.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * What TLS trusts and who it is, beyond the JDK's defaults: CA certificates added to the platform's
 * trust ({@code --ca-certificate}), a client certificate with its key ({@code --certificate},
 * {@code --private-key}), or no checks at all ({@code --insecure}).
 *
 * <p>Files are PEM: certificates as {@code -----BEGIN CERTIFICATE-----} blocks (a bundle may hold many,
 * with comments between them), the key as an unencrypted PKCS#8 {@code -----BEGIN PRIVATE KEY-----} block
 * (RSA, EC, Ed25519 or Ed448). Anything else is refused when the settings are built, naming the option.
 *
 * @param extraAuthorities CA certificates trusted on top of the platform's
 * @param chain            the client certificate first, then any intermediates; empty for none
 * @param key              the client certificate's private key, or null
 * @param insecure         accept any certificate for any host name
 */
public record TlsMaterial(List<X509Certificate> extraAuthorities, List<X509Certificate> chain, PrivateKey key,
                          boolean insecure) {

    /** Nothing beyond the JDK's defaults. */
    public static final TlsMaterial DEFAULTS = new TlsMaterial(List.of(), List.of(), null, false);

    public TlsMaterial {
        extraAuthorities = List.copyOf(extraAuthorities);
        chain = List.copyOf(chain);
    }

    /**
     * Reads and checks the files; any of them may be null. Without {@code privateKey}, the key is looked
     * for in the {@code certificate} file (curl accepts both in one file too).
     *
     * @throws IllegalArgumentException naming the option whose file is missing, unreadable or malformed,
     *                                  or a key that does not belong to the certificate
     */
    public static TlsMaterial load(Path caCertificate, Path certificate, Path privateKey, boolean insecure) {
        if (caCertificate == null && certificate == null && privateKey == null && !insecure) {
            return DEFAULTS;
        }
        if (privateKey != null && certificate == null) {
            throw new IllegalArgumentException("privateKey (--private-key) needs certificate (--certificate) too");
        }
        var authorities = caCertificate == null ? List.<X509Certificate>of()
                : certificates("caCertificate (--ca-certificate)", caCertificate);
        List<X509Certificate> chain = List.of();
        PrivateKey key = null;
        if (certificate != null) {
            chain = certificates("certificate (--certificate)", certificate);
            key = privateKey == null ? key("certificate (--certificate)", certificate, true)
                    : key("privateKey (--private-key)", privateKey, false);
            ClientKey.checkPair(chain.getFirst(), key, certificate, privateKey == null ? certificate : privateKey);
        }
        return new TlsMaterial(authorities, chain, key, insecure);
    }

    /** Whether this is the JDK's own behaviour, which needs no context of loomget's making. */
    public boolean isDefault() {
        return extraAuthorities.isEmpty() && chain.isEmpty() && !insecure;
    }

    /**
     * A TLS context that trusts and presents what this says (the JDK's defaults for {@link #DEFAULTS}, plus
     * a note when a server asks for a client certificate); host names are checked unless {@link #insecure()}.
     */
    SSLContext context() throws GeneralSecurityException {
        var context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {new ClientKey(chain, key)}, named(trustManagers()), null);
        return context;
    }

    /** The trust managers, the platform's when null, each made to name the issuer it refuses. */
    private static TrustManager[] named(TrustManager[] managers) throws GeneralSecurityException {
        if (managers == null) {
            var platform = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            platform.init((KeyStore) null); // what SSLContext.init does with null
            managers = platform.getTrustManagers();
        }
        var named = managers.clone();
        for (int i = 0; i < named.length; i++) {
            if (named[i] instanceof javax.net.ssl.X509ExtendedTrustManager jdk && !(jdk instanceof TrustingEveryone)) {
                named[i] = new NamingTrustManager(jdk);
            }
        }
        return named;
    }

    /** Null (the platform's default trust), or the platform's authorities plus ours, or none at all. */
    private TrustManager[] trustManagers() throws GeneralSecurityException {
        if (insecure) {
            return new TrustManager[] {new TrustingEveryone()};
        }
        if (extraAuthorities.isEmpty()) {
            return null;
        }
        var platform = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        platform.init((KeyStore) null);
        var anchors = KeyStore.getInstance("PKCS12");
        try {
            anchors.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an in-memory key store", e);
        }
        int n = 0;
        for (var manager : platform.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                for (var issuer : x509.getAcceptedIssuers()) {
                    anchors.setCertificateEntry("platform-" + n++, issuer);
                }
            }
        }
        for (var authority : extraAuthorities) {
            anchors.setCertificateEntry("added-" + n++, authority);
        }
        var combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        combined.init(anchors);
        return combined.getTrustManagers();
    }

    private static List<X509Certificate> certificates(String option, Path file) {
        var text = read(option, file);
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            if (isDer(text)) {
                throw new IllegalArgumentException(option + ": " + file + " is a DER (binary) certificate; loomget reads PEM"
                        + " (convert it with: openssl x509 -inform DER -in " + file + " -out " + file + ".pem)");
            }
            throw new IllegalArgumentException(option + ": no PEM certificate (-----BEGIN CERTIFICATE-----) in " + file);
        }
        try {
            var all = new ArrayList<X509Certificate>();
            var factory = CertificateFactory.getInstance("X.509");
            var blocks = CERTIFICATE.matcher(text);
            while (blocks.find()) {
                all.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(blocks.group().getBytes(StandardCharsets.ISO_8859_1))));
            }
            return all;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(option + ": " + file + " is not a valid PEM certificate file: "
                    + e.getMessage(), e);
        }
    }

    private static PrivateKey key(String option, Path file, boolean keyIsOptionalHere) {
        var text = read(option, file);
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new IllegalArgumentException(option + ": the key in " + file + " is encrypted; loomget reads"
                    + " unencrypted PKCS#8 keys only (decrypt it with: openssl pkcs8 -in KEY -out KEY.plain)");
        }
        if (text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")) {
            throw new IllegalArgumentException(option + ": the key in " + file + " is in the older PKCS#1/SEC1 form;"
                    + " loomget reads PKCS#8 (convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
        }
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(option + ": no PEM private key (-----BEGIN PRIVATE KEY-----) in " + file
                    + (keyIsOptionalHere ? "; name the key file with --private-key" : ""));
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": the key in " + file + " is not valid base64", e);
        }
        var spec = new PKCS8EncodedKeySpec(der);
        for (var algorithm : KEY_ALGORITHMS) { // the spec does not say its algorithm: each is tried
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException notThisOne) {
                // the next algorithm
            }
        }
        throw new IllegalArgumentException(option + ": " + file + " does not hold a PKCS#8 key loomget can use"
                + " (RSA, EC, Ed25519 or Ed448)");
    }

    private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA", "EdDSA", "RSASSA-PSS");

    /** Only the certificate blocks: a file may hold the key too, which the certificate parser would choke on. */
    private static final java.util.regex.Pattern CERTIFICATE = java.util.regex.Pattern.compile(
            "-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", java.util.regex.Pattern.DOTALL);

    /** A certificate in its binary form (what Windows and many CA web pages hand out as .der or .cer). */
    private static boolean isDer(String text) {
        try {
            CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
            return true;
        } catch (GeneralSecurityException notOne) {
            return false;
        }
    }

    private static String read(String option, Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot read " + file + " ("
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()) + ")", e);
        }
    }
}
