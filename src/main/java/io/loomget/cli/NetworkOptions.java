package io.loomget.cli;

import io.loomget.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
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

    @Option(names = {"-u", "--user"}, paramLabel = "USER:PASSWORD", order = 3,
            description = "Basic authentication (credentials in a URL work too); never printed.")
    String credentials;

    @Option(names = {"-n", "--netrc"}, order = 3,
            description = "Logins for hosts from ~/.netrc (read by default when it exists, as wget and aria2 do).")
    boolean netrc;

    @Option(names = "--netrc-file", paramLabel = "FILE", order = 3,
            description = "Logins for hosts from FILE instead of ~/.netrc.")
    Path netrcFile;

    @Option(names = "--no-netrc", order = 3, description = "Read no .netrc file.")
    boolean noNetrc;

    @Option(names = {"-b", "--load-cookies"}, paramLabel = "FILE", order = 3,
            description = "Send cookies from FILE (cookies.txt, Netscape format, as curl, wget and browsers export).")
    Path loadCookies;

    @Option(names = {"--save-cookies", "--cookie-jar"}, paramLabel = "FILE", order = 3,
            description = "Write the run's cookies to FILE at the end (Netscape format, atomically).")
    Path saveCookies;

    @Option(names = {"--proxy", "--all-proxy"}, paramLabel = "HOST:PORT", order = 4,
            description = "HTTP proxy for all URLs; a login goes in its URL, http://USER:PASSWORD@HOST:PORT"
                    + " (default: http_proxy, https_proxy, no_proxy from the environment).")
    String proxy;

    @Option(names = {"--limit-rate", "--max-overall-download-limit"}, paramLabel = "SPEED", converter = Sizes.Limit.class, order = 5,
            description = "Overall speed limit in bytes per second over all connections, e.g. 500K, 2M; 0 for none (the default).")
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
            description = "The client certificate's key: PEM, unencrypted PKCS#8 (RSA, EC, Ed25519, Ed448); "
                    + "default: in the --certificate file.")
    Path privateKey;

    @Option(names = {"--insecure", "--no-check-certificate"}, order = 10,
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

    /** The .netrc to read: {@code --netrc-file}, else {@code ~/.netrc} when it exists, unless {@code --no-netrc}. */
    Path netrcFile() {
        if (noNetrc) {
            if (netrc || netrcFile != null) {
                throw new IllegalArgumentException("--no-netrc cannot be combined with -n or --netrc-file");
            }
            return null;
        }
        if (netrcFile != null) {
            return netrcFile;
        }
        var home = Settings.homeNetrc();
        return Files.isRegularFile(home) ? home : null;
    }

    /** curl's and wget's warning: a file of passwords that other users can read. */
    static java.util.Optional<String> netrcWarning(Path file) {
        try {
            var permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                return java.util.Optional.of("warning: " + file + " can be read by other users; chmod 600 " + file);
            }
        } catch (java.io.IOException | UnsupportedOperationException e) {
            // not a POSIX file system, or gone: nothing to say (reading it reports real problems)
        }
        return java.util.Optional.empty();
    }

    /** @throws IllegalArgumentException for a malformed or forbidden header (the command makes it a usage error) */
    void applyTo(Settings.Builder settings) {
        settings.proxy(proxy)
                .limitRate(limitRate == null ? 0 : limitRate)
                .http2(http2)
                .credentials(credentials)
                .netrc(netrcFile())
                .loadCookies(loadCookies)
                .saveCookies(saveCookies)
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
