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

    /**
     * {@code headers} with the values of secret ones hidden: {@code Authorization},
     * {@code Proxy-Authorization}, {@code Cookie}, and any whose name speaks of a token, a key, a secret,
     * a password or auth ({@code X-Api-Key}, {@code X-Auth-Token}, ...).
     */
    public static java.util.Map<String, String> redact(java.util.Map<String, String> headers) {
        var out = new java.util.LinkedHashMap<String, String>();
        headers.forEach((name, value) -> out.put(name, secret(name) ? "***" : value));
        return out;
    }

    private static boolean secret(String header) {
        var name = header.toLowerCase(java.util.Locale.ROOT);
        return SECRET_HEADERS.contains(name) || SECRET_WORDS.matcher(name).find();
    }

    private static final java.util.regex.Pattern SECRET_WORDS =
            java.util.regex.Pattern.compile("token|secret|passw|api-?key|auth|session");

    public static String redact(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        return uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
    }
}
