package io.loomget.cli;

import io.loomget.Hook;
import io.loomget.Hooks;
import java.time.Duration;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** The "Hooks" section of {@code --help}: commands run when a file ends (aria2's names and arguments). */
public final class HookOptions {

    @Option(names = "--on-download-complete", paramLabel = "COMMAND", order = 1,
            description = "Run COMMAND GID 1 PATH after a file's final rename (no shell; words split at spaces, quotes kept).")
    String onComplete;

    @Option(names = "--on-download-error", paramLabel = "COMMAND", order = 2,
            description = "Run COMMAND GID 1 \"\" after a download failed for good.")
    String onError;

    @Option(names = "--hook-timeout", paramLabel = "SECONDS", defaultValue = "60", converter = Seconds.class, order = 3,
            description = "Stop a hook still running after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout = Hook.DEFAULT_TIMEOUT;

    /**
     * The hooks, reporting to {@code report}.
     *
     * @throws IllegalArgumentException for an empty command, an unclosed quote or a zero timeout (a usage error)
     */
    public Hooks hooks(Consumer<String> report) {
        return new Hooks(hook("--on-download-complete", onComplete), hook("--on-download-error", onError), report);
    }

    private Hook hook(String option, String commandLine) {
        if (commandLine == null) {
            return null;
        }
        try {
            var parsed = Hook.parse(commandLine);
            return new Hook(parsed.command(), timeout);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }
}
