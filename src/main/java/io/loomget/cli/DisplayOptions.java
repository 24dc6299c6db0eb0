package io.loomget.cli;

import picocli.CommandLine.Option;

/** The "What is shown" section of {@code --help}. */
final class DisplayOptions {

    @Option(names = {"-q", "--quiet"}, order = 1, description = "Print errors and the final summary only (with --json: failed and summary objects).")
    boolean quiet;

    @Option(names = "--json", order = 2,
            description = "JSON Lines events and a summary object on stdout instead of text.")
    boolean json;

    @Option(names = "--no-color", order = 3, description = "No colours on a terminal (also when NO_COLOR is set).")
    boolean noColor;

    boolean color() {
        return !noColor && System.getenv("NO_COLOR") == null;
    }
}
