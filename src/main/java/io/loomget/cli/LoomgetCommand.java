package io.loomget.cli;

import io.loomget.Batch;
import io.loomget.Checksum;
import io.loomget.CookiesNotSavedException;
import io.loomget.DownloadEvent;
import io.loomget.DownloadListener;
import io.loomget.Hooks;
import io.loomget.Links;
import io.loomget.Settings;
import io.loomget.Version;
import io.loomget.cli.progress.DryRunReport;
import io.loomget.cli.progress.ProgressView;
import io.loomget.cli.progress.Views;
import io.loomget.cli.report.Tally;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** The {@code loomget} command: options in, a batch run, a report and an exit code out. */
@Command(name = "loomget",
        mixinStandardHelpOptions = true,
        versionProvider = LoomgetCommand.VersionInfo.class,
        usageHelpAutoWidth = true,
        sortOptions = false,
        synopsisHeading = "",
        customSynopsis = {
            "Usage: loomget [OPTIONS] [URL...]",
            "       loomget [OPTIONS] -i FILE",
            "       loomget demo [-d DIR] [-x N] [--threads KIND]",
            "       loomget --enable-rpc [OPTIONS]"},
        description = {
            "%nDownloads URLs fast and safely: several files at once, each split into byte ranges "
                + "fetched on their own connections (one virtual thread per range), every range checked "
                + "before it is written, every file renamed into place only when complete."},
        header = "segmented HTTP downloader on virtual threads and structured concurrency",
        commandListHeading = "%nCommands:%n",
        parameterListHeading = "%nArguments:%n",
        optionListHeading = "%nGeneral:%n",
        footerHeading = "%nExamples:%n",
        footer = {
            "  loomget -i links.txt -d downloads        every URL in links.txt, 5 at once",
            "  loomget -x16 -s16 https://host/big.iso   16 connections for one big file",
            "  loomget -c https://host/big.iso          continue an interrupted download",
            "  loomget -o latest.iso https://host/iso   choose the file name",
            "  loomget --json -i links.txt | jq .event  events for scripts",
            "  loomget --threads platform -i links.txt  the same on platform threads",
            "  loomget demo                             offline demo, built-in server",
            "  loomget --enable-rpc                     a daemon for AriaNg and aria2 clients",
            "",
            "Exit status: 0 all downloaded, 1 some failed, 2 usage error, 130 interrupted."})
public final class LoomgetCommand implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    @Parameters(paramLabel = "URL", arity = "0..*", description = "http(s) URLs to download.")
    List<String> urls = new ArrayList<>();

    @ArgGroup(validate = false, heading = "%nInput and output:%n", order = 1)
    InputOptions files = new InputOptions();

    @ArgGroup(validate = false, heading = "%nConnections:%n", order = 2)
    ConnectionOptions connections = new ConnectionOptions();

    @ArgGroup(validate = false, heading = "%nReliability:%n", order = 3)
    ReliabilityOptions reliability = new ReliabilityOptions();

    @ArgGroup(validate = false, heading = "%nNetwork:%n", order = 4)
    NetworkOptions network = new NetworkOptions();

    @ArgGroup(validate = false, heading = "%nWhat is shown:%n", order = 5)
    DisplayOptions display = new DisplayOptions();

    @ArgGroup(validate = false, heading = "%nHooks:%n", order = 6)
    HookOptions hookOptions = new HookOptions();

    @ArgGroup(validate = false, heading = "%nDaemon (aria2 JSON-RPC):%n", order = 7)
    io.loomget.daemon.RpcOptions rpc = new io.loomget.daemon.RpcOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The names of the subcommands {@link #commandLine()} adds; a test keeps them true. */
    static final Set<String> SUBCOMMAND_NAMES = Set.of("demo", "help", "generate-completion", "generate-man-page");

    /**
     * The command with its subcommands and its exit codes mapped in one place: a
     * {@link CommandLine.ParameterException} (bad options, and settings the engine refuses) is a usage
     * error, 2; anything unexpected is 1.
     */
    public static CommandLine commandLine() {
        return commandLine(true);
    }

    /**
     * The command for a run of {@code args}. Picocli builds a subcommand's model (reflection over its
     * annotations, in a cold JVM) when the subcommand is added: about 20 ms of every start. Arguments
     * that name no subcommand and may not ask for help (which lists them) get the command without them.
     */
    public static CommandLine commandLineFor(String[] args) {
        return commandLine(Arrays.stream(args).anyMatch(LoomgetCommand::mayNeedSubcommands));
    }

    /** A subcommand's name, or a help option: {@code --help}, or {@code -h} alone or in a cluster of short options. */
    static boolean mayNeedSubcommands(String arg) {
        return SUBCOMMAND_NAMES.contains(arg) || arg.startsWith("--help")
                || arg.startsWith("-") && !arg.startsWith("--") && arg.indexOf('h') > 0;
    }

    private static CommandLine commandLine(boolean withSubcommands) {
        var cl = new CommandLine(new LoomgetCommand());
        if (withSubcommands) {
            cl.addSubcommand(new DemoCommand());
            cl.addSubcommand(new CommandLine.HelpCommand());
            cl.addSubcommand(new CompletionCommand());
            cl.addSubcommand(new ManPageCommand());
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // An option's value may be a subcommand's name: -o demo, -d help (and the demo's own -d demo).
        cl.setAllowSubcommandsAsOptionParameters(true);
        cl.setParameterExceptionHandler(LoomgetCommand::usageError);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            // a refusal's message says it all (http_proxy in the environment: ...); anything else names its type
            line.getErr().println("loomget: " + (e instanceof IllegalArgumentException ? e.getMessage() : e));
            return EXIT_FAILED;
        });
        return cl;
    }

    @Override
    public Integer call() {
        OldGenerationCeiling.install();
        var settings = settings();
        if (settings.netrc() != null) {
            NetworkOptions.netrcWarning(settings.netrc()).ifPresent(w -> spec.commandLine().getErr().println("loomget: " + w));
        }
        if (settings.loadCookies() != null) {
            try {
                Settings.cookieFileProblems(settings.loadCookies())
                        .forEach(p -> spec.commandLine().getErr().println("loomget: skipped cookie at " + p));
            } catch (IOException e) {
                throw usage("cannot read cookies from " + settings.loadCookies() + ": " + FileErrors.reason(e));
            }
        }
        if (settings.saveCookies() != null) {
            requireWritable(settings.saveCookies());
        }
        if (rpc.enabled()) {
            usable(null, () -> {
                OutputDirectory.prepare(files.dir);
                rpc.check();
                return null;
            });
            var err = spec.commandLine().getErr();
            try (var hooks = usable(null, () -> hookOptions.hooks(line -> err.println("loomget: " + line)))) {
                return rpc.run(settings, hooks, urls, files.inputFile, spec.commandLine().getOut(), err);
            }
        }
        try (var input = input()) {
            if (files.out != null) {
                var out = usable("-o", files::outRelativeToDir);
                input.adjust(r -> usable("-o", () -> r.withOutPath(out)));
            }
            if (files.checksum != null) {
                if (given(input, 2) != 1) {
                    throw usage("--checksum needs exactly one URL (use checksum= lines in an input file for several)");
                }
                var expected = usable("--checksum", () -> Checksum.parse(files.checksum));
                input.adjust(r -> r.withChecksum(expected));
            }
            if (files.dryRun) {
                return dryRun(settings, input);
            }
            usable(null, () -> {
                OutputDirectory.prepare(files.dir);
                return null;
            });
            var err = spec.commandLine().getErr();
            try (var hooks = usable(null, () -> hookOptions.hooks(line -> aside(err, "loomget: " + line)))) {
                int exit = download(settings, input, hooks);
                if (exit == Interrupts.EXIT_INTERRUPTED) {
                    Thread.currentThread().interrupt(); // the hooks still running are stopped too
                }
                // A Ctrl-C while the last hooks run stops them: the run was interrupted all the same
                return hooks.awaitAll() ? exit : Interrupts.EXIT_INTERRUPTED;
            }
        }
    }

    /**
     * Streams the input through the batch: an entry is read only when a slot is free, and only
     * counters are kept, so memory does not grow with the length of the list.
     */
    /** The view of the run in progress, for lines printed beside it (a hook's); null before and after. */
    private volatile ProgressView showing;

    /** A line on stderr that does not break the live view (a hook's output arrives while it is drawn). */
    private void aside(java.io.PrintWriter err, String line) {
        var view = showing;
        Runnable print = () -> {
            err.println(line);
            err.flush();
        };
        if (view == null) {
            print.run();
        } else {
            view.interject(print);
        }
    }

    private int download(Settings settings, CommandLineInput input, Hooks hooks) {
        var err = spec.commandLine().getErr();
        var interrupts = Interrupts.install(Thread.currentThread());
        long start = System.nanoTime();
        var size = TerminalSize.watch();
        try (var view = Views.choose(spec.commandLine().getOut(), err, display.json, display.quiet, display.color(),
                Views.stdoutIsTerminal() && Views.drawsInPlace(System.getenv("TERM")), size::columns, size::rows)) {
            showing = view;
            var batch = new Batch(settings, hooks.none() ? view : event -> {
                view.on(event);
                if (event instanceof DownloadEvent.FileFinished finished) {
                    hooks.ended(Gids.next(), finished.result());
                }
            });
            interrupts.onFirst(batch::saveResumeStates);
            interrupts.onSecond(() -> {
                view.close();
                err.println("loomget: interrupted again: stopped at once; part files and their state are kept for -c");
                err.flush();
            });
            // -j asks for more files at once than the heap has connections for (and the input has them):
            // said once, so that a wide run's pace is not a surprise.
            long wanted = input.requestCount() < 0 ? settings.filesAtOnce()
                    : Math.min(settings.filesAtOnce(), input.requestCount());
            int connections = Batch.connectionsAtOnce(settings);
            if (connections < wanted && !display.quiet) {
                err.println("loomget: note: -j " + settings.filesAtOnce() + ": " + connections
                        + " connections at once fit the heap; the other files wait for one");
            }
            view.begin((int) Math.clamp(input.requestCount(), 0, Integer.MAX_VALUE));
            var tally = new Tally();
            String unsaved = null;
            try {
                long taken = batch.run(input.requests(problem -> {
                    tally.rejected();
                    view.on(problem.toEvent()); // failures like any other: in every view, --json too
                }, note -> view.on(new DownloadEvent.Notice(note.request(), note.toString())), interrupts::requested), tally);
                if (input.requestCount() > taken) {
                    tally.notStarted(input.requestCount() - taken); // interrupted before their turn
                }
            } catch (CookiesNotSavedException e) { // the downloads are done: they still get their summary
                unsaved = e.getMessage() + ": " + FileErrors.reason(e.getCause());
            }
            var summary = tally.summary(Duration.ofNanos(System.nanoTime() - start));
            view.end(summary);
            if (unsaved != null) {
                err.println("loomget: " + unsaved);
            }
            if (interrupts.requested() || Thread.interrupted()) {
                return Interrupts.EXIT_INTERRUPTED;
            }
            return summary.allOk() && unsaved == null ? EXIT_OK : EXIT_FAILED;
        }
    }

    /** {@code --save-cookies FILE}: a file that could not be written at the end is a usage error now, before any download. */
    private void requireWritable(Path cookies) {
        var dir = cookies.toAbsolutePath().getParent(); // it exists: the settings checked that
        String why = Files.isDirectory(cookies) ? "a directory is in the way"
                : !Files.isWritable(dir) ? OutputDirectory.unwritableReason(dir)
                : Files.exists(cookies) && !(Files.isRegularFile(cookies) && Files.isWritable(cookies)) ? "permission denied"
                : null;
        if (why != null) {
            throw usage("--save-cookies: cannot write " + cookies + ": " + why);
        }
    }

    /** Probes only; input problems and failed probes are reported like a download's, then a summary of its own. */
    private int dryRun(Settings settings, CommandLineInput input) {
        long start = System.nanoTime();
        Links.Parsed all;
        try {
            all = input.readAll();
        } catch (IOException e) {
            throw usage("cannot read input file " + files.inputFile + ": " + FileErrors.reason(e));
        }
        if (!display.quiet) {
            all.notes().forEach(note -> spec.commandLine().getErr().println("loomget: note: " + note.request().displayUri()
                    + ": " + note));
        }
        var reports = new Batch(settings, DownloadListener.NONE).inspect(all.requests());
        int failed = new DryRunReport(spec.commandLine().getOut(), spec.commandLine().getErr(), display.json)
                .show(all.problems(), reports, Duration.ofNanos(System.nanoTime() - start));
        return failed == 0 ? EXIT_OK : EXIT_FAILED;
    }

    /** The options as engine settings; anything the engine refuses is a usage error (exit 2). */
    Settings settings() {
        return usable(null, () -> {
            var builder = Settings.builder();
            files.applyTo(builder);
            connections.applyTo(builder);
            reliability.applyTo(builder);
            network.applyTo(builder);
            Settings built;
            try {
                built = builder.build();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(optionsOnly(e.getMessage()), e);
            }
            if (built.insecure()) {
                spec.commandLine().getErr().println("loomget: WARNING: --insecure: server certificates and host names are"
                        + " NOT checked; anyone on the path can read and change these downloads");
            }
            return built;
        });
    }

    private CommandLineInput input() {
        CommandLineInput input;
        try {
            input = CommandLineInput.open(urls, files.inputFile, files.dir, files.resume, System.in);
        } catch (IOException e) {
            throw usage("cannot read input file " + files.inputFile + ": " + FileErrors.reason(e));
        }
        if (given(input, 1) == 0) {
            input.close();
            throw usage(files.inputFile == null ? "no URL given (pass URLs or -i FILE)"
                    : "no URL given: " + ("-".equals(files.inputFile) ? "standard input" : files.inputFile) + " has none");
        }
        if (files.out != null && given(input, 2) != 1) {
            input.close();
            throw usage("-o needs exactly one URL, got more than one");
        }
        return input;
    }

    /** Entries given, counted up to {@code atMost} (the input is read that far ahead, no further). */
    private int given(CommandLineInput input, int atMost) {
        try {
            return input.given(atMost);
        } catch (IOException e) {
            throw usage("cannot read input file " + files.inputFile + ": " + FileErrors.reason(e));
        }
    }

    /**
     * The library's message names the setting and its option ({@code connectionsPerFile (-x) must be at
     * least 1}); on the command line the option alone says it ({@code -x must be at least 1}).
     */
    static String optionsOnly(String message) {
        return message.replaceFirst("^[a-z][A-Za-z]* \\((-[^)]+)\\)", "$1");
    }

    /** {@code value}, or a usage error (exit 2) with the refusal's message, after {@code option} when given. */
    private <T> T usable(String option, java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) { // InvalidPathException too (a NUL in a name)
            throw usage(option == null ? e.getMessage() : option + ": " + e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        var err = e.getCommandLine().getErr();
        err.println("loomget: " + ForeignOptions.forWords(args).orElseGet(() -> withHint(e)));
        err.println("Try 'loomget --help' for more information.");
        return EXIT_USAGE;
    }

    /** The message, or for what curl, wget and aria2 users type, one that names loomget's option instead. */
    static String withHint(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            return ForeignOptions.forUnknown(unmatched.getUnmatched()).orElse(e.getMessage());
        }
        var message = ForeignOptions.mainName(e.getArgSpec(), e.getMessage());
        return ForeignOptions.forBadValue(e.getArgSpec(), e.getValue()).map(h -> message + "; " + h).orElse(message);
    }

    static final class VersionInfo implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "loomget " + Version.NUMBER,
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.vendor") + ", "
                        + System.getProperty("java.vm.name") + ")"};
        }
    }
}
