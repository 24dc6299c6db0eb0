package io.loomget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A run's downloads have ended (their outcomes were handed over), but the cookie file of
 * {@link Settings#saveCookies()} could not be written; the cause says why.
 */
public final class CookiesNotSavedException extends UncheckedIOException {

    private final Path file;

    public CookiesNotSavedException(Path file, IOException cause) {
        super("cannot save cookies to " + file, cause);
        this.file = file;
    }

    /** The cookie file that was not written. */
    public Path file() {
        return file;
    }
}
