package io.loomget.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The command line's files and switches for requests, gathered while parsing. */
final class RequestOptions {
    Path caCertificate, certificate, privateKey, netrcFile, cookies;
    boolean netrc, noNetrc, insecure, conditionalGet, remoteTime;

    /** Handles a switch (an option without a value); false when {@code name} is not one. */
    boolean flag(String name) {
        switch (name) {
            case "-n", "--netrc" -> netrc = true;
            case "--no-netrc" -> noNetrc = true;
            case "--insecure" -> insecure = true;
            case "-N", "--conditional-get", "--timestamping" -> conditionalGet = true;
            case "-R", "--remote-time" -> remoteTime = true;
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Handles an option with a value; false when {@code name} is not one of these. */
    boolean option(String name, String value) throws JobOptions.UsageException {
        switch (name) {
            case "--ca-certificate", "--cacert" -> caCertificate = Path.of(value);
            case "--certificate", "--cert" -> certificate = Path.of(value);
            case "--private-key", "--key" -> privateKey = Path.of(value);
            case "--netrc-file" -> netrcFile = Path.of(value);
            case "-b", "--load-cookies" -> cookies = Path.of(value);
            case "--check-certificate" -> insecure = switch (value.toLowerCase(Locale.ROOT)) {
                case "true" -> false;
                case "false" -> true;
                default -> throw new JobOptions.UsageException("--check-certificate must be true or false, got '" + value + "'");
            };
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * The .netrc to read: {@code --netrc-file}, or the driver's {@code ~/.netrc} ({@code homeNetrc}) with
     * {@code -n}; none by default.
     */
    Path netrcFile(Path homeNetrc) throws JobOptions.UsageException {
        if (noNetrc && (netrc || netrcFile != null)) {
            throw new JobOptions.UsageException("--no-netrc cannot be combined with -n or --netrc-file");
        }
        if (netrcFile != null || !netrc) {
            return netrcFile;
        }
        if (!Files.isRegularFile(homeNetrc)) {
            throw new JobOptions.UsageException("-n: there is no " + homeNetrc + " on the driver; name one with --netrc-file FILE");
        }
        return homeNetrc;
    }

    /** The files as the engine's settings on the driver: a file the engine cannot use is refused here. */
    ClientFiles.Written onTheDriver(Path homeNetrc) throws JobOptions.UsageException {
        return new ClientFiles.Written(null, caCertificate, certificate, privateKey, netrcFile(homeNetrc), cookies);
    }
}
