package io.loomget.cli;

import io.loomget.Settings;
import io.loomget.ThreadKind;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code -x} and {@code --threads}: what both {@code loomget} and {@code demo} take. A {@code @Mixin}
 * of the demo; the main command's {@link ConnectionOptions} section extends it, because picocli 4.7
 * refuses {@code @Mixin}s inside an {@code @ArgGroup} (the sections of {@code --help}) but does
 * inherit options.
 */
class ThreadsAndConnections {

    @Option(names = {"-x", "--max-connection-per-file", "--max-connection-per-server"}, paramLabel = "N", order = 2,
            defaultValue = "" + Settings.DEFAULT_CONNECTIONS,
            description = "Connections (ranges in flight) per file, at most 65536 (default: ${DEFAULT-VALUE}).")
    int perFile;

    @Option(names = "--threads", paramLabel = "KIND", defaultValue = "virtual", order = 6, completionCandidates = Kinds.class,
            description = "Threads that run files and ranges: virtual or platform (default: ${DEFAULT-VALUE}).")
    ThreadKind threads;

    /** The values as the help spells them, for the shell completion (picocli would offer the enum's upper-case names). */
    static final class Kinds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(ThreadKind.values()).map(k -> k.name().toLowerCase(java.util.Locale.ROOT)).iterator();
        }
    }

    void applyTo(Settings.Builder settings) {
        settings.connectionsPerFile(perFile).threads(threads);
    }

    /** The same choices as command-line arguments, for a command run on the user's behalf (the demo). */
    List<String> asArguments() {
        return List.of("-x", String.valueOf(perFile), "--threads", threads.name().toLowerCase(java.util.Locale.ROOT));
    }
}
