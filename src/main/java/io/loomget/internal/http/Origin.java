package io.loomget.internal.http;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Scheme, host and port, as RFC 6454 compares them: host names without regard to case, and a
 * missing port as the scheme's default ({@code https://h/} and {@code https://H:443/} are one
 * origin). Credentials follow a request only within its origin, and connection caps count per origin.
 */
public record Origin(String scheme, String host, int port) {

    public Origin {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
    }

    public static Origin of(URI uri) {
        var scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new Origin(scheme, String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT), port);
    }

    public static boolean same(URI a, URI b) {
        return of(a).equals(of(b));
    }

    // Written out: an origin is a map key looked up for every request, and a record's generated
    // equals and hashCode go through method handles, several times slower until C2 compiles them.
    @Override
    public boolean equals(Object o) {
        return o instanceof Origin other && port == other.port && host.equals(other.host) && scheme.equals(other.scheme);
    }

    @Override
    public int hashCode() {
        return (scheme.hashCode() * 31 + host.hashCode()) * 31 + port;
    }
}
