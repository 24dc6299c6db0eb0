package io.loomget.internal.engine;

import java.net.URI;

/** Keeps credentials out of everything loomget prints. */
public final class Redaction {

    private Redaction() {}

    /** Header names whose values are secrets. */
    private static final java.util.Set<String> SECRET_HEADERS = java.util.Set.of("authorization", "proxy-authorization", "cookie");

    /** {@code user:password@} in any URL inside {@code text} (one that did not even parse, say) as {@code ***@}. */
    public static String redactText(String text) {
        return text == null || !text.contains("@") ? text : text.replaceAll("(?i)(\\b[a-z][a-z0-9+.-]*://)[^/@\\s'\"]*@", "$1***@");
    }

    /** {@code headers} with the values of {@code Authorization}, {@code Proxy-Authorization} and {@code Cookie} hidden. */
    public static java.util.Map<String, String> redact(java.util.Map<String, String> headers) {
        var out = new java.util.LinkedHashMap<String, String>();
        headers.forEach((name, value) -> out.put(name,
                SECRET_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT)) ? "***" : value));
        return out;
    }

    public static String redact(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        return uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
    }
}
