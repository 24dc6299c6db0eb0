package io.loomget.internal.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Proxies as curl reads them: {@code --proxy} for everything, else {@code http_proxy} /
 * {@code https_proxy} (or {@code HTTPS_PROXY}; never {@code HTTP_PROXY}, which a CGI program's
 * environment takes from a request's {@code Proxy} header) by scheme, except for hosts in
 * {@code no_proxy} or {@code NO_PROXY} (comma-separated suffixes, or address ranges such as
 * {@code 10.0.0.0/8}; {@code *} means every host). A login in
 * a proxy's URL is for that proxy: {@link #authorization} gives its {@code Proxy-Authorization}.
 */
public final class EnvironmentProxies extends ProxySelector {

    private final URI httpProxy;
    private final URI httpsProxy;
    private final List<String> noProxy;

    EnvironmentProxies(URI httpProxy, URI httpsProxy, List<String> noProxy) {
        this.httpProxy = httpProxy;
        this.httpsProxy = httpsProxy;
        this.noProxy = noProxy;
    }

    /** The selector for {@code explicit} ({@code --proxy}) or the environment; null when no proxy is set. */
    public static ProxySelector from(String explicit, Map<String, String> env) {
        // Lower case only, as curl reads it: a CGI program's HTTP_PROXY is the request's Proxy header ("httpoxy").
        var http = explicit != null ? explicit : first(env, "http_proxy");
        var https = explicit != null ? explicit : first(env, "https_proxy", "HTTPS_PROXY");
        if (http == null && https == null) {
            return null;
        }
        var no = first(env, "no_proxy", "NO_PROXY");
        var noList = no == null ? List.<String>of() : Arrays.stream(no.split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
        return new EnvironmentProxies(parse(http, explicit != null ? null : named(env, "http_proxy")),
                parse(https, explicit != null ? null : named(env, "https_proxy", "HTTPS_PROXY")), noList);
    }

    /** The first of {@code names} set in {@code env}, for a message about its value. */
    private static String named(Map<String, String> env, String... names) {
        for (var name : names) {
            if (env.get(name) != null && !env.get(name).isBlank()) {
                return name;
            }
        }
        return null;
    }

    /** {@link #parse(String)}, a refusal naming the variable the value came from, when it did. */
    private static URI parse(String proxy, String variable) {
        try {
            return parse(proxy);
        } catch (IllegalArgumentException e) {
            throw variable == null ? e : new IllegalArgumentException(variable + " in the environment: " + e.getMessage(), e);
        }
    }

    /** {@code host:port} or {@code http://host:port}; anything else is refused with a clear message. */
    static URI parse(String proxy) {
        if (proxy == null || proxy.isBlank()) {
            return null;
        }
        var uri = URI.create(proxy.contains("://") ? proxy.trim() : "http://" + proxy.trim());
        if (uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("proxy must look like http://host:port, got '" + proxy + "'");
        }
        if (uri.getPort() > 65535) { // java.net.URI takes any number; each download would fail on it later
            throw new IllegalArgumentException("proxy port " + uri.getPort() + " is out of range, in '" + proxy + "'");
        }
        return uri;
    }

    @Override
    public List<Proxy> select(URI uri) {
        var proxy = proxyFor(uri);
        if (proxy == null) {
            return List.of(Proxy.NO_PROXY);
        }
        int port = proxy.getPort() > 0 ? proxy.getPort() : 80;
        return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.getHost(), port)));
    }

    /** The proxy a request to {@code uri} goes through, or null when it goes direct. */
    private URI proxyFor(URI uri) {
        var proxy = "https".equalsIgnoreCase(uri.getScheme()) ? httpsProxy : httpProxy;
        return proxy == null || bypassed(uri.getHost()) ? null : proxy;
    }

    /** Whether a proxy's URL carries a login ({@code http://user:password@proxy:3128}). */
    public boolean hasLogin() {
        return httpProxy != null && httpProxy.getRawUserInfo() != null
                || httpsProxy != null && httpsProxy.getRawUserInfo() != null;
    }

    /**
     * The {@code Proxy-Authorization} for a request to {@code uri}: Basic with the login in the URL of the
     * proxy it goes through (curl's and aria2's reading of {@code http://user:password@proxy:3128}); empty
     * when it goes direct or its proxy has no login.
     */
    public java.util.Optional<String> authorization(URI uri) {
        var proxy = proxyFor(uri);
        return proxy == null ? java.util.Optional.empty() : JdkTransport.basicAuth(proxy);
    }

    boolean bypassed(String host) {
        if (host == null) {
            return true;
        }
        // URI.getHost() keeps the brackets of an IPv6 literal; no_proxy lists it without them.
        var h = host.toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "");
        for (var entry : noProxy) {
            var bare = entry.replaceAll("^\\[|]$", "");
            var suffix = bare.startsWith(".") ? bare.substring(1) : bare;
            if (entry.equals("*") || h.equals(suffix) || h.endsWith("." + suffix) || inRange(h, bare)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code host} is an IP address in {@code cidr} ({@code 10.0.0.0/8}, {@code fd00::/8}), as curl
     * reads such an entry since 7.86: the usual way to keep a private network off the proxy. Literals only:
     * no name is looked up.
     */
    static boolean inRange(String host, String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return false;
        }
        try {
            var network = java.net.InetAddress.ofLiteral(cidr.substring(0, slash)).getAddress();
            var address = java.net.InetAddress.ofLiteral(host).getAddress();
            int bits = Integer.parseInt(cidr.substring(slash + 1));
            if (network.length != address.length || bits < 0 || bits > network.length * 8) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((network[i / 8] & mask) != (address[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (IllegalArgumentException notAnAddressOrARange) {
            return false; // a host name, or an entry that is not a range: matched as a name above
        }
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // the request fails and is retried like any connection failure
    }

    private static String first(Map<String, String> env, String... names) {
        for (var name : names) {
            var v = env.get(name);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
