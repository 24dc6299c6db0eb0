package io.loomget.nginx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** nginx.conf for one instance: the class-path template with its placeholders and optional lines filled in. */
final class NginxConfig {

    /** The template on the test class path. */
    static final String TEMPLATE = "/nginx/nginx.conf.template";

    private static final Pattern PLACEHOLDER = Pattern.compile("@@([A-Z_]+)@@");

    private NginxConfig() {}

    static String readTemplate() throws IOException {
        try (InputStream in = NginxConfig.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new NoSuchFileException("class path resource " + TEMPLATE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The template with its placeholders filled and its {@code #root#}/{@code #echo#} lines switched on or left out. */
    static String render(String template, Path prefix, int port, int tlsPort, String token, NginxOptions options,
                         Optional<Path> echoModule, boolean root) throws IOException {
        // Only read when root: then the user is who owns the prefix (root, or whom it was made for).
        var attributes = Files.readAttributes(prefix, PosixFileAttributes.class);
        var values = new java.util.HashMap<String, String>();
        values.put("PREFIX", prefix.toString());
        values.put("DOCROOT", prefix.resolve("docroot").toString());
        values.put("PORT", Integer.toString(port));
        values.put("TOKEN", token);
        values.put("CAP_RATE", options.capRate());
        values.put("SLOW_SECONDS", String.format(Locale.ROOT, "%.3f", options.slowLatency().toMillis() / 1000.0));
        values.put("USER", attributes.owner().getName());
        values.put("GROUP", attributes.group().getName());
        values.put("ECHO_MODULE", echoModule.map(Path::toString).orElse(""));
        var tls = options.tls();
        values.put("TLS_PORT", Integer.toString(tlsPort));
        values.put("TLS_CERTIFICATE", tls == null ? "" : tls.certificate().toString());
        values.put("TLS_KEY", tls == null ? "" : tls.key().toString());
        values.put("TLS_CLIENT_CA", tls == null || tls.clientCa() == null ? "" : tls.clientCa().toString());
        var out = new StringBuilder();
        for (var line : template.split("\n", -1)) {
            var trimmed = line.stripLeading();
            var indent = line.substring(0, line.length() - trimmed.length());
            if (trimmed.startsWith("#root# ")) {
                if (!root) {
                    continue;
                }
                line = indent + trimmed.substring("#root# ".length());
            } else if (trimmed.startsWith("#tls# ") || trimmed.startsWith("#mtls# ")) {
                boolean mutual = trimmed.startsWith("#mtls# ");
                if (tls == null || (mutual && tls.clientCa() == null)) {
                    continue;
                }
                line = indent + trimmed.substring(trimmed.indexOf(' ') + 1);
            } else if (trimmed.startsWith("#echo# ")) {
                if (echoModule.isEmpty()) {
                    continue;
                }
                line = indent + trimmed.substring("#echo# ".length());
            }
            out.append(line).append('\n');
        }
        Matcher m = PLACEHOLDER.matcher(out);
        var filled = new StringBuilder();
        while (m.find()) {
            var value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("unknown placeholder " + m.group() + " in " + TEMPLATE);
            }
            m.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        m.appendTail(filled);
        return filled.toString();
    }

    /** Whether this process runs as root: the owner of a file it has just created tells. */
    static boolean isRoot(Path dir) throws IOException {
        var probe = Files.createTempFile(dir, "uid", ".tmp");
        try {
            return ((Number) Files.getAttribute(probe, "unix:uid")).intValue() == 0;
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** The paths go into quoted config strings and some directives expand variables: keep them plain. */
    static void checkPathForConfig(Path prefix) {
        var s = prefix.toString();
        if (s.chars().anyMatch(c -> c == '"' || c == '\\' || c == '$' || c == '{' || c == ';' || c < 0x20)) {
            throw new IllegalArgumentException("nginx prefix has characters the config cannot quote: " + s);
        }
    }
}
