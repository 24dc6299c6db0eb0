package io.loomget.daemon;

import java.util.Optional;

/**
 * Whether a request may come from where it comes from. Without {@code --rpc-allow-origin-all} a
 * browser page of another origin must not drive the daemon: a request that a browser marks as
 * cross-origin (an {@code Origin} header, or {@code Sec-Fetch-Site} other than {@code same-origin}
 * and {@code none}, which also catches {@code <script>}-tag JSONP) is refused. A request with
 * neither header comes from a program (curl, a script, an RPC library), not from a web page, and is allowed.
 */
record OriginPolicy(boolean allowAll) {

    boolean allows(Optional<String> origin, Optional<String> fetchSite) {
        if (allowAll) {
            return true;
        }
        if (origin.isPresent()) {
            return false;
        }
        return fetchSite.map(site -> site.equals("same-origin") || site.equals("none")).orElse(true);
    }
}
