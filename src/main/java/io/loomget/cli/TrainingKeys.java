package io.loomget.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The TLS key of the demo's training server ({@code demo --serve-tls}): a PKCS#12 store made by keytool. */
final class TrainingKeys {

    /** The password of the throwaway key store src/dist/train-aot.sh makes for {@code --serve-tls}. */
    static final String PASSWORD = "loomget-training";

    private TrainingKeys() {}

    /** A server context presenting the key and certificate chain in {@code keyStore}. */
    static SSLContext context(Path keyStore) throws IOException {
        char[] password = PASSWORD.toCharArray();
        try (InputStream in = Files.newInputStream(keyStore)) {
            var store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            var context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("--serve-tls: cannot use the key store " + keyStore + ": " + e.getMessage(), e);
        }
    }
}
