package io.loomget.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * {@code loomget generate-man-page}: loomget's man page as AsciiDoc, made by picocli's
 * {@link ManPageGenerator} from the same annotations as {@code --help}. Without {@code -d} the page of
 * {@code loomget} goes to stdout; with {@code -d DIR} one page per command ({@code loomget.adoc},
 * {@code loomget-demo.adoc}, ...) is written to DIR. {@code asciidoctor -b manpage} turns a page into troff.
 * Hidden from the usage help, like {@code generate-completion}.
 */
@Command(name = "generate-man-page", hidden = true, mixinStandardHelpOptions = true,
        versionProvider = LoomgetCommand.VersionInfo.class,
        description = {
            "Print loomget's man page as AsciiDoc (or write one page per command into DIR).",
            "Make a troff man page of it with: asciidoctor -b manpage loomget.adoc"})
final class ManPageCommand implements Callable<Integer> {

    @Option(names = {"-d", "--dir"}, paramLabel = "DIR",
            description = "Write loomget.adoc and a page for each subcommand into DIR instead of stdout.")
    Path dir;

    @Spec
    CommandSpec spec;

    /** The NAME line of the page: one short phrase, as man pages have it (the help shows the long description). */
    static final String NAME_LINE = "segmented HTTP downloader: several files at once, each split into byte ranges";

    /**
     * The usage help's synopsis in AsciiDoc: one line per form (a plain paragraph would run them
     * together), without the "Usage:" label, which the SYNOPSIS heading already says.
     */
    static final String[] SYNOPSIS = {
        "*loomget* [_OPTIONS_] [_URL_...] +",
        "*loomget* [_OPTIONS_] *-i* _FILE_ +",
        "*loomget demo* [*-d* _DIR_] [*-x* _N_] [*--threads* _KIND_] +",
        "*loomget* *--enable-rpc* [_OPTIONS_]"};

    @Override
    public Integer call() throws IOException {
        var root = spec.root();
        var usage = root.usageMessage();
        var header = usage.header();
        var synopsis = usage.customSynopsis();
        // Only for the page: this process ends after writing it, but the spec is put back anyway.
        if (header.length == 0) {
            usage.header(NAME_LINE);
        }
        usage.customSynopsis(SYNOPSIS);
        try {
            if (dir == null) {
                var out = spec.commandLine().getOut();
                ManPageGenerator.writeSingleManPage(out, root);
                out.flush();
                return 0;
            }
            // quiet (no verbosity flags), overwrite existing pages, no customizable templates
            return ManPageGenerator.generateManPage(new File(dir.toString()), null, new boolean[0], true, root);
        } finally {
            usage.header(header);
            usage.customSynopsis(synopsis);
        }
    }
}
