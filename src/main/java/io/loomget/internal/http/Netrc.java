package io.loomget.internal.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code .netrc} file, as curl, wget and aria2 read it: {@code machine NAME login USER password PW}
 * entries (tokens separated by any white space, so one entry may span lines), one {@code default}
 * entry for every other host, {@code account} ignored, {@code macdef} bodies skipped up to the next
 * empty line. A password may be double-quoted, with {@code \"} and {@code \\} inside. The first entry
 * for a machine wins, as in curl.
 *
 * <p>As lenient as those tools, because {@code ~/.netrc} is read by default and is shared with them
 * (ftp clients, git, pip): a word no entry knows (another program's {@code port 21}) is skipped, and an
 * entry without {@code password} (or {@code login}) has an empty one, as curl and aria2 send it. Only a
 * file that cannot be read as tokens at all (a quote not closed, a keyword without its value) is refused.
 */
public final class Netrc {

    /** The credentials of one machine. */
    public record Login(String user, String password) {

        /** As {@code user:password}, the form Basic authentication encodes. */
        public String userColonPassword() {
            return user + ":" + password;
        }
    }

    /** No file: no logins. */
    public static final Netrc NONE = new Netrc(Map.of(), null);

    private final Map<String, Login> machines;
    private final Login fallback;

    private Netrc(Map<String, Login> machines, Login fallback) {
        this.machines = Map.copyOf(machines);
        this.fallback = fallback;
    }

    /**
     * One login for every host, {@code user:password} (the part before the first colon is the user):
     * a download's own credentials, put in its URLs as a {@code .netrc} login would be.
     */
    public static Netrc everyHost(String userColonPassword) {
        int colon = userColonPassword.indexOf(':');
        return new Netrc(Map.of(), new Login(userColonPassword.substring(0, colon), userColonPassword.substring(colon + 1)));
    }

    /**
     * Reads and parses {@code file}.
     *
     * @throws IOException              when it cannot be read
     * @throws IllegalArgumentException naming the file and line of a malformed entry
     */
    public static Netrc read(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /** The logins in {@code file}, or none for null; the file was checked when the settings were built. */
    public static Netrc load(Path file) {
        if (file == null) {
            return NONE;
        }
        try {
            return read(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }

    /** @throws IllegalArgumentException naming {@code name} and the line of a malformed entry */
    static Netrc parse(String text, String name) {
        var tokens = new Tokens(text, name);
        var machines = new HashMap<String, Login>();
        Login fallback = null;
        for (String token; (token = tokens.next()) != null; ) {
            switch (token) {
                case "machine" -> {
                    var host = tokens.required("a host name after 'machine'").toLowerCase(Locale.ROOT);
                    var login = tokens.login();
                    if (login != null) {
                        machines.putIfAbsent(host, login);
                    }
                }
                case "default" -> {
                    var login = tokens.login();
                    fallback = fallback == null ? login : fallback;
                }
                case "macdef" -> tokens.skipMacro();
                default -> { } // another program's keyword, or its value: curl, wget and aria2 skip it too
            }
        }
        return new Netrc(machines, fallback);
    }

    /** The login for {@code host} (its own entry, else {@code default}). */
    public Optional<Login> loginFor(String host) {
        if (host == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(machines.getOrDefault(host.toLowerCase(Locale.ROOT), fallback));
    }

    /**
     * {@code uri} with its host's login as {@code user:password@}, when it has none of its own: from
     * there on the rules for credentials in a URL apply (sent to that origin only, never printed).
     */
    public URI withLogin(URI uri) {
        if (uri.getRawUserInfo() != null) {
            return uri;
        }
        return loginFor(uri.getHost()).map(login -> {
            var userInfo = encode(login.user()) + ":" + encode(login.password());
            return URI.create(uri.getScheme() + "://" + userInfo + "@" + uri.getRawAuthority()
                    + Objects.requireNonNullElse(uri.getRawPath(), "")
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        }).orElse(uri);
    }

    /** Percent-encoded for a URL's user info (a space as %20: a '+' there stays a plus). */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The file's tokens, with the line each came from for messages. */
    private static final class Tokens {
        private final String text;
        private final String name;
        private int at;
        int line = 1;
        private String pushedBack;

        Tokens(String text, String name) {
            this.text = text;
            this.name = name;
        }

        String next() {
            if (pushedBack != null) {
                var token = pushedBack;
                pushedBack = null;
                return token;
            }
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                if (text.charAt(at++) == '\n') {
                    line++;
                }
            }
            if (at >= text.length()) {
                return null;
            }
            if (text.charAt(at) == '#') { // a comment to the end of the line (curl, wget)
                while (at < text.length() && text.charAt(at) != '\n') {
                    at++;
                }
                return next();
            }
            return text.charAt(at) == '"' ? quoted() : bare();
        }

        private String bare() {
            int start = at;
            while (at < text.length() && !Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            return text.substring(start, at);
        }

        private String quoted() {
            int opened = line;
            var value = new StringBuilder();
            for (at++; at < text.length(); at++) {
                char c = text.charAt(at);
                if (c == '"') {
                    at++;
                    return value.toString();
                }
                if (c == '\\' && at + 1 < text.length()) {
                    c = text.charAt(++at);
                }
                if (c == '\n') {
                    line++;
                }
                value.append(c);
            }
            throw new IllegalArgumentException(name + ":" + opened + ": a quoted value is not closed");
        }

        String required(String what) {
            int keyword = line; // the file's end may be lines further on: name the keyword's line
            var token = next();
            if (token == null) {
                throw new IllegalArgumentException(name + ":" + keyword + ": expected " + what + " before the end of the file");
            }
            return token;
        }

        /** The {@code login}, {@code password} and {@code account} pairs of an entry; null when it has neither. */
        Login login() {
            String user = null;
            String password = null;
            for (String key; (key = next()) != null; ) {
                switch (key) {
                    case "login" -> user = required("a user after 'login'");
                    case "password" -> password = required("a password after 'password'");
                    case "account" -> required("a value after 'account'");
                    case "machine", "default", "macdef" -> {
                        pushedBack = key;
                        return entry(user, password);
                    }
                    default -> { } // a word of another program's within the entry (port 21): skipped
                }
            }
            return entry(user, password);
        }

        /** What is missing is empty, as curl and aria2 send it ({@code login u} alone is {@code u:}). */
        private static Login entry(String user, String password) {
            if (user == null && password == null) {
                return null;
            }
            return new Login(user == null ? "" : user, password == null ? "" : password);
        }

        /** A macro's body runs to the first empty line. */
        void skipMacro() {
            required("a macro name after 'macdef'");
            int end = text.indexOf("\n\n", at);
            for (int i = at; i < (end < 0 ? text.length() : end); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                }
            }
            at = end < 0 ? text.length() : end;
        }
    }
}
