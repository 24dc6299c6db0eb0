package io.loomget.internal.http;

import java.net.URI;

/**
 * Where a request failed when a redirect had taken it elsewhere: attached to that failure as a
 * suppressed exception, so the failure keeps its own type (what decides retries and its kind) and
 * its line can still name the URL that failed, which the user never typed (an {@code http://} link
 * that redirects to an https host whose certificate does not verify, say).
 */
public final class RedirectHop extends Exception {

    private final URI target;

    RedirectHop(URI target) {
        super("after a redirect to " + target, null, false, false);
        this.target = target;
    }

    public URI target() {
        return target;
    }
}
