package io.loomget.internal.http;

import java.net.CookieHandler;
import java.net.HttpCookie;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cookies of one run, with the rules browsers apply (RFC 6265): a cookie goes back to its host
 * only (or, with a {@code Domain}, to that domain and its subdomains), to paths under its path, over
 * https only when secure, and not once expired. Cookies come from a {@code cookies.txt}
 * ({@link CookieFile}) and from {@code Set-Cookie} answers, so a redirect chain that sets a session
 * cookie, and every range of the same file, carry it. The JDK client asks this handler on every
 * request and tells it every answer.
 */
public final class CookieJar extends CookieHandler {

    /**
     * One cookie.
     *
     * @param domain      the host (host-only) or the domain it was set for, lower case, no leading dot
     * @param hostOnly    sent to exactly {@code domain}, not its subdomains
     * @param expiresAt   epoch seconds, or 0 for a session cookie (kept for the run)
     */
    public record Cookie(String domain, boolean hostOnly, String path, boolean secure, boolean httpOnly, long expiresAt,
                         String name, String value) {

        boolean expired(long nowSeconds) {
            return expiresAt != 0 && expiresAt <= nowSeconds;
        }

        private String key() {
            return domain + "\t" + path + "\t" + name;
        }
    }

    private final Map<String, Cookie> cookies = new ConcurrentHashMap<>();

    public CookieJar(List<Cookie> initial) {
        initial.forEach(this::keep);
    }

    /** Every cookie not yet expired, in a stable order (for {@code --save-cookies}). */
    public List<Cookie> cookies() {
        long now = nowSeconds();
        return cookies.values().stream().filter(c -> !c.expired(now))
                .sorted(Comparator.comparing(Cookie::domain).thenComparing(Cookie::path).thenComparing(Cookie::name))
                .toList();
    }

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
        var host = host(uri);
        var path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        long now = nowSeconds();
        var matching = cookies.values().stream()
                .filter(c -> !c.expired(now) && (https || !c.secure()) && domainMatches(c, host) && pathMatches(c.path(), path))
                .sorted(Comparator.comparingInt((Cookie c) -> -c.path().length()).thenComparing(Cookie::name)) // longer paths first (RFC 6265 5.4)
                .map(c -> c.name() + "=" + c.value())
                .toList();
        return matching.isEmpty() ? Map.of() : Map.of("Cookie", List.of(String.join("; ", matching)));
    }

    @Override
    public void put(URI uri, Map<String, List<String>> responseHeaders) {
        responseHeaders.forEach((name, values) -> {
            if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
                values.forEach(header -> accept(uri, header));
            }
        });
    }

    /** One {@code Set-Cookie} header from {@code uri}; one that claims another site's domain is ignored. */
    private void accept(URI uri, String header) {
        List<HttpCookie> parsed;
        try {
            parsed = HttpCookie.parse(header);
        } catch (IllegalArgumentException e) {
            return; // a malformed header sets nothing, as in browsers
        }
        var host = host(uri);
        for (var cookie : parsed) {
            var domain = cookie.getDomain() == null ? null : stripDot(cookie.getDomain().toLowerCase(Locale.ROOT));
            boolean hostOnly = domain == null || domain.isEmpty();
            if (!hostOnly && !(host.equals(domain) || host.endsWith("." + domain))) {
                continue;
            }
            var path = cookie.getPath() == null || !cookie.getPath().startsWith("/") ? defaultPath(uri) : cookie.getPath();
            long maxAge = cookie.getMaxAge();
            long expiresAt = maxAge < 0 ? 0 : nowSeconds() + maxAge; // HttpCookie turns Expires into Max-Age
            var kept = new Cookie(hostOnly ? host : domain, hostOnly, path, cookie.getSecure(), cookie.isHttpOnly(),
                    maxAge == 0 ? 1 : expiresAt, cookie.getName(), cookie.getValue());
            keep(kept);
        }
    }

    private void keep(Cookie cookie) {
        if (cookie.expired(nowSeconds())) {
            cookies.remove(cookie.key()); // an expired cookie deletes the one it replaces
        } else {
            cookies.put(cookie.key(), cookie);
        }
    }

    static boolean domainMatches(Cookie cookie, String host) {
        return cookie.hostOnly() ? host.equals(cookie.domain()) : host.equals(cookie.domain()) || host.endsWith("." + cookie.domain());
    }

    /** RFC 6265 5.1.4: the same path, or one below it. */
    static boolean pathMatches(String cookiePath, String requestPath) {
        if (requestPath.equals(cookiePath)) {
            return true;
        }
        return requestPath.startsWith(cookiePath)
                && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
    }

    /** RFC 6265 5.1.4: the request path up to its last slash. */
    private static String defaultPath(URI uri) {
        var path = uri.getRawPath();
        if (path == null || !path.startsWith("/") || path.lastIndexOf('/') == 0) {
            return "/";
        }
        return path.substring(0, path.lastIndexOf('/'));
    }

    private static String host(URI uri) {
        return uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    }

    private static String stripDot(String domain) {
        return domain.startsWith(".") ? domain.substring(1) : domain;
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
