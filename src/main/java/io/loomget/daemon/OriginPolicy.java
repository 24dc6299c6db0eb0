package io.loomget.daemon;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a request may come from where it comes from. Without {@code --rpc-allow-origin-all} a
 * browser page of another origin must not drive the daemon: a request that a browser marks as
 * cross-origin (an {@code Origin} header, or {@code Sec-Fetch-Site} other than {@code same-origin}
 * and {@code none}, which also catches {@code <script>}-tag JSONP) is refused. A request with
 * neither header comes from a program (curl, a script, an RPC library), not from a web page, and is
 * allowed; so is one from a browser extension (its own {@code Origin} scheme, which no web page can
 * send): the extensions that hand downloads to aria2 talk to it without {@code --rpc-allow-origin-all}.
 *
 * <p>Unless it listens on every interface, the daemon also answers only requests addressed to a loopback
 * name ({@code Host} {@code 127.0.0.1}, {@code localhost} or {@code [::1]}): a page whose own name an
 * attacker re-points at 127.0.0.1 (DNS rebinding) is same-origin to the browser, so its requests carry
 * no cross-origin marks, but they carry its name in {@code Host}.
 *
 * @param allowAll {@code --rpc-allow-origin-all}
 * @param anyHost  {@code --rpc-listen-all}: reached under any of the machine's names (a secret is required then)
 */
record OriginPolicy(boolean allowAll, boolean anyHost) {

    /** The origins of browser extensions: Chromium's (Chrome, Edge, …), Firefox's, Safari's. */
    private static final List<String> EXTENSIONS = List.of("chrome-extension://", "moz-extension://",
            "safari-web-extension://");

    boolean allows(Optional<String> origin, Optional<String> fetchSite) {
        if (allowAll) {
            return true;
        }
        if (origin.isPresent()) {
            return EXTENSIONS.stream().anyMatch(origin.get()::startsWith);
        }
        return fetchSite.map(site -> site.equals("same-origin") || site.equals("none")).orElse(true);
    }

    /** Whether {@code host} (the {@code Host} header; absent from an HTTP/1.0 program) names this machine's loopback. */
    boolean allowsHost(Optional<String> host) {
        if (anyHost || host.isEmpty()) {
            return true;
        }
        var name = host.get().strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) { // [::1]:6800
            int end = name.indexOf(']');
            return end > 0 && name.substring(0, end + 1).equals("[::1]") && port(name.substring(end + 1));
        }
        int colon = name.indexOf(':');
        var bare = colon < 0 ? name : name.substring(0, colon);
        return (bare.equals("127.0.0.1") || bare.equals("localhost")) && port(colon < 0 ? "" : name.substring(colon));
    }

    /** Nothing, or {@code :} and digits. */
    private static boolean port(String rest) {
        return rest.isEmpty() || rest.matches(":\\d{1,5}");
    }
}
