package io.loomget.internal.http;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

/**
 * The one real {@link Transport}: the JDK's {@link HttpClient}, one per batch, on HTTP/1.1 unless
 * {@code --http2} (HTTP/2 would put every range of a file on one multiplexed connection), following
 * redirects itself.
 */
public final class JdkTransport implements Transport {

    /**
     * How to talk HTTP.
     *
     * @param headers     sent with every request ({@code -H}); a {@code User-Agent} here replaces loomget's
     * @param proxy       null for direct connections
     * @param http2       let the client negotiate HTTP/2 ({@code --http2}): one multiplexed connection per host
     * @param credentials {@code user:password} for Basic authentication ({@code --user}), or null
     * @param executor    runs the client's own asynchronous steps; null for the JDK's default pool. The
     *                    transport owns it: an {@code ExecutorService} is shut down when the transport closes
     * @param tls         trust and client certificate beyond the JDK's defaults
     * @param cookies     the run's cookies ({@code --load-cookies}, {@code Set-Cookie}), or null for none
     * @param saveCookies where the cookies are written when the transport closes ({@code --save-cookies}), or null
     */
    public record Options(Duration connectTimeout, Duration responseTimeout, Map<String, String> headers,
                          ProxySelector proxy, boolean http2, String credentials, java.util.concurrent.Executor executor,
                          TlsMaterial tls, CookieJar cookies, java.nio.file.Path saveCookies) {
        public Options {
            headers = Map.copyOf(headers);
            java.util.Objects.requireNonNull(tls, "tls");
        }
    }

    private final HttpClient client;
    private final java.util.concurrent.Executor executor;
    private final Duration responseTimeout;
    private final Map<String, String> headers;
    private final String authorization;
    /** The proxies, when one's URL has a login to send it; else null. */
    private final EnvironmentProxies proxyLogins;
    private final CookieJar cookies;
    private final java.nio.file.Path saveCookies;

    public JdkTransport(Options options) {
        this.proxyLogins = options.proxy() instanceof EnvironmentProxies proxies && proxies.hasLogin() ? proxies : null;
        if (proxyLogins != null) {
            allowBasicLoginsForTunnels(); // before the first use of the client's classes, which read it
        }
        var builder = HttpClient.newBuilder()
                .version(options.http2() ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                // Redirects are followed here, in get(): up to 20 (the JDK's own limit is 5), loops named.
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(options.connectTimeout());
        if (!options.http2()) {
            // TLS set up at the first https connection (DeferredTls). Not with HTTP/2: the client offers
            // h2 only when its parameters name the TLS versions, and naming them would override the JDK's.
            builder.sslContext(DeferredTls.context(options.tls())).sslParameters(DeferredTls.defaults());
        } else if (!options.tls().isDefault()) {
            builder.sslContext(eager(options.tls()));
        }
        if (options.proxy() != null) {
            builder.proxy(options.proxy());
        }

        if (options.executor() != null) {
            builder.executor(options.executor());
        }
        if (options.cookies() != null) {
            builder.cookieHandler(options.cookies());
        }
        this.client = builder.build();
        this.executor = options.executor();
        this.responseTimeout = options.responseTimeout();
        this.headers = options.headers();
        this.authorization = options.credentials() == null ? null : basic(options.credentials());
        this.cookies = options.cookies();
        this.saveCookies = options.saveCookies();
    }

    /**
     * The JDK drops a Basic {@code Proxy-Authorization} from the CONNECT that opens an https tunnel unless
     * {@code jdk.http.auth.tunneling.disabledSchemes} says otherwise, and reads that property once, when
     * its first client is built. A login the user put in the proxy's URL is meant for that proxy (curl and
     * aria2 send it), so the property is cleared unless the application set it: in the CLI and the daemon
     * this transport builds the first client. An application that built an {@code HttpClient} before
     * passes {@code -Djdk.http.auth.tunneling.disabledSchemes=} itself; otherwise such a proxy answers 407.
     */
    private static void allowBasicLoginsForTunnels() {
        if (System.getProperty("jdk.http.auth.tunneling.disabledSchemes") == null) {
            System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
        }
    }

    private static javax.net.ssl.SSLContext eager(TlsMaterial tls) {
        try {
            return tls.context();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JDK: " + e.getMessage(), e);
        }
    }

    /** Redirects followed for one request at most, as aria2 and wget2 do. */
    public static final int MAX_REDIRECTS = 20;

    /**
     * Sends a GET for {@code range} ({@link #getWhole} for the whole representation). Returns once the
     * status line and headers are in; the body is read from the returned {@link BodyChunks}.
     *
     * <p>Redirects (301, 302, 303, 307, 308) are followed up to {@link #MAX_REDIRECTS}, with the same
     * {@code Range} and {@code If-Range}; the answer's {@link Answer#uri()} is where it landed.
     * A redirect from https to plain http, or without a usable {@code Location}, is returned as it is
     * (see {@link HttpStatusException#of}). Credentials ({@code --user}, {@code user:password@}, an
     * {@code Authorization} or {@code Cookie} header) go to the first origin only, as curl does.
     *
     * @throws HttpStatusException "too many redirects (20)" or "redirect loop"
     */
    @Override
    public Answer get(URI uri, ByteRange range, String ifRange, Map<String, String> extraHeaders)
            throws IOException, InterruptedException {
        return follow(uri, range.header(), ifRange, extraHeaders);
    }

    /** {@link #get}, with the {@code Range} header's value ({@code null} for the whole representation). */
    private Answer follow(URI uri, String range, String ifRange, Map<String, String> extraHeaders)
            throws IOException, InterruptedException {
        var visited = new java.util.HashSet<URI>();
        var current = uri;
        boolean credentials = true;
        // The URL's own login (user:password@, or a .netrc one put there) belongs to its origin, not to the
        // first request: a redirect within the origin (/download -> /files/x) carries it, as curl's does.
        var login = basicAuth(uri).orElse(null);
        for (int redirects = 0; ; redirects++) {
            visited.add(withoutUserInfo(current));
            Answer response;
            try {
                response = send(current, range, ifRange, extraHeaders, credentials, credentials ? login : null);
            } catch (IOException e) {
                if (redirects > 0) {
                    e.addSuppressed(new RedirectHop(current));
                }
                throw e;
            }
            var next = redirectTarget(response);
            if (next == null) {
                return response;
            }
            response.body().close();
            if (visited.contains(next)) {
                throw HttpStatusException.redirectLimit(response.status(), ": redirect loop (back to " + next + ")");
            }
            if (redirects == MAX_REDIRECTS) {
                throw HttpStatusException.redirectLimit(response.status(), ": too many redirects (" + MAX_REDIRECTS + ")");
            }
            credentials = credentials && Origin.same(uri, next);
            current = next;
        }
    }

    /** Where a redirect that may be followed points, or null for any other answer. */
    private static URI redirectTarget(Answer response) {
        int status = response.status();
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            return null;
        }
        var location = response.headers().firstValue("Location").orElse(null);
        if (location == null) {
            return null;
        }
        try {
            var target = withoutUserInfo(Location.resolve(response.uri(), location));
            var scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(java.util.Locale.ROOT);
            boolean downgrade = "https".equalsIgnoreCase(response.uri().getScheme()) && scheme.equals("http");
            if (downgrade || !(scheme.equals("http") || scheme.equals("https")) || target.getHost() == null) {
                return null;
            }
            return target;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Answer send(URI uri, String range, String ifRange, Map<String, String> extraHeaders, boolean credentials,
                        String login) throws IOException, InterruptedException {
        var builder = HttpRequest.newBuilder(withoutUserInfo(uri))
                .GET()
                .timeout(responseTimeout)
                // Ask for the bytes as stored: a compressed representation cannot be split.
                .header("Accept-Encoding", "identity");
        // Logins, the URL's over --user's; an Authorization header given as such (-H, header=) is sent as
        // given over both, as curl sends it: a token for an API must not give way to a .netrc password.
        if (authorization != null && credentials) {
            builder.setHeader("Authorization", authorization);
        }
        if (login != null) {
            builder.setHeader("Authorization", login);
        }
        if (proxyLogins != null) { // the JDK sends it to the proxy only: never direct, never inside a tunnel
            proxyLogins.authorization(uri).ifPresent(value -> builder.setHeader("Proxy-Authorization", value));
        }
        java.util.function.BiConsumer<String, String> set = (name, value) -> {
            if (credentials || !(name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Cookie"))) {
                builder.setHeader(name, value);
            }
        };
        headers.forEach(set);
        extraHeaders.forEach(set);
        if (range != null) {
            builder.header("Range", range);
        }
        if (ifRange != null) {
            builder.header("If-Range", ifRange);
        }
        var bodies = new Framing.Checked();
        try {
            var response = client.send(builder.build(), bodies);
            if (bodies.problem() != null) {
                response.body().close();
                throw new java.net.ProtocolException(bodies.problem());
            }
            // A proxy's refusal to open a tunnel (407 to CONNECT) comes back without a body.
            var body = response.body() != null ? response.body() : BodyChunks.empty();
            return new Answer(response.statusCode(), response.headers(), response.uri(), response.sslSession(), body);
        } catch (java.net.ConnectException e) {
            throw unresolved(e, uri);
        } catch (IllegalArgumentException e) {
            if (bodies.problem() != null) {
                // The client cannot parse a length such as "10, 10" either: it fails after the handler saw it.
                throw new java.net.ProtocolException(bodies.problem());
            }
            throw e;
        }
    }

    /**
     * The JDK client says a host name did not resolve with a connect failure two levels above an
     * {@link java.nio.channels.UnresolvedAddressException}, neither naming the host: say it as the JDK's
     * own name lookup does, with the name. A connect failure through a proxy names the proxy, which is
     * what could not be reached. Any other connect failure is returned as it is.
     */
    private IOException unresolved(java.net.ConnectException e, URI uri) {
        var proxy = client.proxy().flatMap(selector -> selector.select(uri).stream()
                .filter(p -> p.type() != java.net.Proxy.Type.DIRECT).findFirst());
        if (proxy.isPresent() && proxy.get().address() instanceof java.net.InetSocketAddress a) {
            var reason = isUnresolvedAddress(e) ? "could not resolve host " + a.getHostString()
                    : isConnectionRefused(e) ? "connection refused" : "";
            return new ProxyConnectException(a.getHostString(), a.getPort(), reason, e);
        }
        if (isUnresolvedAddress(e)) {
            var unknown = new java.net.UnknownHostException(uri.getHost());
            unknown.initCause(e);
            return unknown;
        }
        return e;
    }

    private static boolean isUnresolvedAddress(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.nio.channels.UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The JDK client reports a refused connection as a {@link java.net.ConnectException} without a
     * message whose cause is a {@link java.nio.channels.ClosedChannelException} (the selector saw the
     * connect fail and closed the channel); other connect failures carry their own message.
     */
    public static boolean isConnectionRefused(Throwable t) {
        for (var c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && c.getMessage().toLowerCase(java.util.Locale.ROOT).contains("refused")
                    || c instanceof java.net.ConnectException && c.getCause() instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    /** The whole representation: a GET without {@code Range} that must answer 200. */
    @Override
    public Answer getWhole(URI uri, Map<String, String> extraHeaders) throws IOException, InterruptedException {
        var response = follow(uri, null, null, extraHeaders);
        if (response.status() != 200) {
            response.body().close();
            throw HttpStatusException.of(response);
        }
        return response;
    }

    /** {@code user:password@} in a URL becomes Basic authentication, never part of the request line. */
    static java.util.Optional<String> basicAuth(URI uri) {
        var userInfo = uri.getRawUserInfo();
        if (userInfo == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(basic(java.net.URLDecoder.decode(userInfo.replace("+", "%2B"),
                java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static String basic(String userColonPassword) {
        return "Basic " + java.util.Base64.getEncoder()
                .encodeToString(userColonPassword.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** {@code uri} without its {@code user:password@}: what a request line, a {@code Referer} or a shown URL may hold. */
    public static URI withoutUserInfo(URI uri) {
        var userInfo = uri.getRawUserInfo();
        return userInfo == null ? uri : URI.create(uri.toString().replace(userInfo + "@", ""));
    }

    /**
     * Stops the client now: exchanges still in flight are aborted. Then the run's cookies are saved,
     * with {@code --save-cookies}.
     *
     * @throws io.loomget.CookiesNotSavedException when the cookie file cannot be written
     */
    @Override
    public void close() {
        client.shutdownNow();
        if (executor instanceof java.util.concurrent.ExecutorService service) {
            service.shutdown(); // tasks still running end on their own; no new ones are taken
        }
        if (saveCookies != null && cookies != null) {
            try {
                CookieFile.write(saveCookies, cookies.cookies());
            } catch (IOException e) {
                throw new io.loomget.CookiesNotSavedException(saveCookies, e);
            }
        }
    }
}
