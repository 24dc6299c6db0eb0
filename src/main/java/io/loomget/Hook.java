package io.loomget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A command run when a download ends (aria2's {@code --on-download-complete} and
 * {@code --on-download-error}): the program and its own arguments, then aria2's three — the
 * download's GID, the number of files (1) and the file's path. It runs without a shell, so nothing
 * in a file name is ever interpreted; a user who wants a shell asks for one ({@code sh -c '...' hook}).
 *
 * @param command the program and its arguments
 * @param timeout how long it may run before it is stopped
 */
public record Hook(List<String> command, Duration timeout) {

    /** How long a hook may run unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public Hook {
        command = List.copyOf(command);
        if (command.isEmpty() || command.getFirst().isBlank()) {
            throw new IllegalArgumentException("a hook needs a command");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a hook's timeout must be more than 0 seconds, got " + timeout);
        }
    }

    /**
     * A command line as a user types it: words separated by spaces, {@code '...'} and {@code "..."}
     * keeping spaces inside (no other shell syntax: no variables, globs or pipes).
     *
     * @throws IllegalArgumentException for an empty command or an unclosed quote
     */
    public static Hook parse(String commandLine) {
        var words = new ArrayList<String>();
        var word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : commandLine.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + quote + " in hook command: " + commandLine);
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("a hook needs a command");
        }
        return new Hook(words, DEFAULT_TIMEOUT);
    }

    /** The whole command for one download: this hook's words, then GID, 1 and the path (empty when there is no file). */
    public List<String> commandFor(String gid, String path) {
        var all = new ArrayList<>(command);
        all.add(gid);
        all.add("1");
        all.add(path);
        return all;
    }
}
