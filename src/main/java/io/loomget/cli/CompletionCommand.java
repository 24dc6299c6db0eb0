package io.loomget.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code loomget generate-completion}: prints picocli's bash completion script for the whole command
 * tree. zsh runs it too, through {@code bashcompinit} (the script loads it by itself). Hidden from the
 * usage help: it is a tool for installing loomget, not for downloading.
 */
@Command(name = "generate-completion", hidden = true, mixinStandardHelpOptions = true,
        versionProvider = LoomgetCommand.VersionInfo.class,
        description = {
            "Print a bash/zsh completion script for loomget. Use it in the current shell with:",
            "",
            "  source <(loomget generate-completion)",
            "",
            "or install it, e.g. loomget generate-completion > ~/.local/share/bash-completion/completions/loomget"})
final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var root = spec.root().commandLine();
        var out = spec.commandLine().getOut();
        out.print(AutoComplete.bash(root.getCommandName(), root));
        out.flush();
        return 0;
    }
}
