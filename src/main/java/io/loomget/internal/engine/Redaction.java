package io.loomget.internal.engine;

import java.net.URI;

/** Keeps credentials out of everything loomget prints. */
public final class Redaction {

    private Redaction() {}

    public static String redact(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        return uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
    }
}
