package io.loomget.internal.http;

import java.net.URI;
import java.util.Locale;

/**
 * Scheme, host and port, as RFC 6454 compares them: host names without regard to case, and a
 * missing port as the scheme's default ({@code https://h/} and {@code https://H:443/} are one
 * origin). Credentials follow a request only within its origin, and connection caps count per origin.
 */
public record Origin(String scheme, String host, int port) {

    public static Origin of(URI uri) {
        var scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new Origin(scheme, String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT), port);
    }

    public static boolean same(URI a, URI b) {
        return of(a).equals(of(b));
    }
}
