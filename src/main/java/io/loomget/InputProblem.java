package io.loomget;

import io.loomget.internal.engine.Printable;
import io.loomget.internal.engine.Redaction;

/**
 * A line of input that could not become a download, e.g. {@code links.txt:3: not a URL: 'foo'}.
 *
 * @param source  where the problem is: {@code links.txt:3}, {@code command line}
 * @param url     the URL of the entry that was skipped, as given (credentials hidden), or null when there is none
 * @param message what is wrong, for the user
 */
public record InputProblem(String source, String url, String message) {

    /**
     * Printable and without passwords: an input line (and the parser's message quoting it) may hold
     * anything, escape sequences and a URL's {@code user:password@} too.
     */
    public InputProblem {
        url = Printable.of(Redaction.redactText(url));
        message = Printable.of(Redaction.redactText(message)); // the parser's message may quote the line
    }

    public InputProblem(String source, String message) {
        this(source, null, message);
    }

    /** The failure every view reports, {@code --json} included. */
    public DownloadEvent.Rejected toEvent() {
        return new DownloadEvent.Rejected(source, url, message);
    }

    @Override
    public String toString() {
        return source + ": " + message;
    }
}
