package io.loomget.daemon;

/**
 * aria2's {@code http-user} and {@code http-passwd}: given apart (either may change alone), sent
 * together as a download's {@link io.loomget.Settings#credentials()}, {@code user:password}. A
 * password without a user is dropped: aria2 sends no login without a user either.
 *
 * @param user     null for none
 * @param password null for none (an empty one when the user is set)
 */
record Login(String user, String password) {

    /** From {@code user:password} (the user ends at the first colon), or null for none. */
    static Login of(String credentials) {
        if (credentials == null) {
            return new Login(null, null);
        }
        int colon = credentials.indexOf(':');
        return new Login(credentials.substring(0, colon), credentials.substring(colon + 1));
    }

    /** @throws IllegalArgumentException for a user with a colon, which Basic authentication cannot carry */
    Login withUser(String name) {
        if (name.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a colon in the user name");
        }
        return new Login(name.isEmpty() ? null : name, password);
    }

    Login withPassword(String secret) {
        return new Login(user, secret);
    }

    /** {@code user:password}, or null without a user. */
    String credentials() {
        return user == null ? null : user + ":" + (password == null ? "" : password);
    }
}
