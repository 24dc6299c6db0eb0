package io.loomget.cli;

import io.loomget.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The "Network" section of {@code --help}: what every request carries and where it goes through. */
final class NetworkOptions {

    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'", order = 1,
            description = "Send this header with every request (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = {"-U", "--user-agent"}, paramLabel = "AGENT", order = 2,
            description = "User-Agent to send (default: loomget/VERSION).")
    String userAgent;

    @Option(names = "--user", paramLabel = "USER:PASSWORD", order = 3,
            description = "Basic authentication (credentials in a URL work too); never printed.")
    String credentials;

    @Option(names = "--proxy", paramLabel = "HOST:PORT", order = 4,
            description = "HTTP proxy for all URLs (default: http_proxy, https_proxy, no_proxy from the environment).")
    String proxy;

    @Option(names = "--limit-rate", paramLabel = "SPEED", converter = Sizes.class, order = 5,
            description = "Overall speed limit in bytes per second over all connections, e.g. 500K, 2M.")
    Long limitRate;

    @Option(names = "--http2", order = 6,
            description = "Allow HTTP/2 (one multiplexed connection per host) where the server offers it.")
    boolean http2;

    @Option(names = {"--ca-certificate", "--cacert"}, paramLabel = "FILE", order = 7,
            description = "Also trust the CA certificates in this PEM file (e.g. a private CA's).")
    Path caCertificate;

    @Option(names = {"--certificate", "--cert"}, paramLabel = "FILE", order = 8,
            description = "Client certificate (PEM, then any intermediates) for servers that ask for one.")
    Path certificate;

    @Option(names = {"--private-key", "--key"}, paramLabel = "FILE", order = 9,
            description = "The client certificate's key: PEM, unencrypted PKCS#8 (RSA, EC, Ed25519); "
                    + "default: in the --certificate file.")
    Path privateKey;

    @Option(names = "--insecure", order = 10,
            description = "Do NOT check server certificates or host names: anyone on the path can read and change "
                    + "the downloads. Warned about on every run. (curl's -k; here -k is --min-split-size.)")
    boolean insecure;

    @Option(names = "--check-certificate", arity = "1", paramLabel = "true|false", order = 11,
            description = "aria2's spelling: --check-certificate=false is --insecure.")
    Boolean checkCertificate;

    /** Whether the run accepts any certificate: said on stderr before anything is downloaded. */
    boolean insecure() {
        return insecure || Boolean.FALSE.equals(checkCertificate);
    }

    /** @throws IllegalArgumentException for a malformed or forbidden header (the command makes it a usage error) */
    void applyTo(Settings.Builder settings) {
        settings.proxy(proxy)
                .limitRate(limitRate == null ? 0 : limitRate)
                .http2(http2)
                .credentials(credentials)
                .caCertificate(caCertificate)
                .certificate(certificate)
                .privateKey(privateKey)
                .insecure(insecure());
        if (userAgent != null) {
            settings.header("User-Agent", userAgent);
        }
        for (var header : headers) {
            try {
                settings.headerLine(header); // the same rules as an input file's header= lines
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("-H: " + e.getMessage(), e);
            }
        }
    }
}
