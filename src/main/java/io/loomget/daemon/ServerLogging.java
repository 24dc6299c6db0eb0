package io.loomget.daemon;

import io.helidon.logging.common.spi.LoggingProvider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The web server's logging: java.util.logging with only Helidon's warnings shown, so the daemon's
 * output stays its own plain lines. Also Helidon's logging provider (found through
 * {@code META-INF/services}), which keeps Helidon from printing on stderr that it has none.
 */
public final class ServerLogging implements LoggingProvider {

    /** Held: java.util.logging keeps loggers only weakly, and a collected one forgets its level. */
    private static final Logger HELIDON = Logger.getLogger("io.helidon");

    static void quiet() {
        HELIDON.setLevel(Level.WARNING);
    }

    @Override
    public void initialization() {
        quiet();
    }

    @Override
    public void runTime() {
        quiet();
    }
}
