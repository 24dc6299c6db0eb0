package io.loomget.cli;

import io.loomget.Batch;
import io.loomget.Checksum;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.InputProblem;
import io.loomget.Inspection;
import io.loomget.InvalidUrlException;
import io.loomget.Links;
import io.loomget.RetryPolicy;
import io.loomget.Settings;
import io.loomget.ThreadKind;
import io.loomget.Version;
import io.loomget.cli.progress.JsonView;
import io.loomget.cli.progress.LogView;
import io.loomget.cli.progress.ProgressView;
import io.loomget.cli.progress.TerminalView;
import io.loomget.cli.report.Summary;
import io.loomget.cli.report.Units;
import io.loomget.internal.http.HeaderLine;
import io.loomget.internal.io.FileErrors;
import io.loomget.internal.io.OutPath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** The {@code loomget} command: options in, a batch run, a report and an exit code out. */
@Command(name = "loomget",
        mixinStandardHelpOptions = true,
        versionProvider = LoomgetCommand.VersionInfo.class,
        subcommands = {DemoCommand.class, CommandLine.HelpCommand.class, CompletionCommand.class, ManPageCommand.class},
        usageHelpAutoWidth = true,
        sortOptions = false,
        synopsisHeading = "",
        customSynopsis = {
            "Usage: loomget [OPTIONS] [URL...]",
            "       loomget [OPTIONS] -i FILE",
            "       loomget demo [-d DIR] [-x N] [--threads KIND]"},
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
            "",
            "Exit status: 0 all downloaded, 1 some failed, 2 usage error, 130 interrupted."})
public final class LoomgetCommand implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    /** How often the plain log prints a totals line. */
    static final Duration LOG_PERIOD = Duration.ofSeconds(5);

    @Parameters(paramLabel = "URL", arity = "0..*", description = "http(s) URLs to download.")
    List<String> urls = new ArrayList<>();

    @ArgGroup(validate = false, heading = "%nInput and output:%n", order = 1)
    Files_ files = new Files_();

    @ArgGroup(validate = false, heading = "%nConnections:%n", order = 2)
    Connections connections = new Connections();

    @ArgGroup(validate = false, heading = "%nReliability:%n", order = 3)
    Reliability reliability = new Reliability();

    @ArgGroup(validate = false, heading = "%nNetwork:%n", order = 4)
    Network network = new Network();

    @ArgGroup(validate = false, heading = "%nWhat is shown:%n", order = 5)
    Display display = new Display();

    /** Where URLs come from and where files go. (Named so it does not clash with java.nio.file.Files.) */
    static final class Files_ {
        @Option(names = {"-i", "--input-file"}, paramLabel = "FILE", order = 1,
                description = "Read URLs from FILE ('-' = stdin): one a line, # comments; aria2-style indented "
                        + "out=, dir=, checksum=, header=, split= lines apply to the URL above them.")
        String inputFile;

        @Option(names = {"-d", "--dir"}, paramLabel = "DIR", defaultValue = ".", order = 2,
                description = "Save files in DIR, created if missing (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Option(names = {"-o", "--out"}, paramLabel = "NAME", order = 3,
                description = "File name for the download (only with a single URL); a relative path such as sub/NAME "
                        + "is saved below DIR, creating sub; a path leaving DIR is refused.")
        String out;

        @Option(names = "--overwrite", order = 4,
                description = "Replace existing files instead of saving as NAME.1.EXT.")
        boolean overwrite;

        @Option(names = {"-c", "--continue"}, order = 5,
                description = "Continue part files left by an interrupted or failed run (NAME.part + NAME.part.state).")
        boolean resume;

        @Option(names = "--checksum", paramLabel = "ALGO=HEX", order = 6,
                description = "Verify the file before it gets its name: sha-256, sha-512, sha-1 or md5 (single URL).")
        String checksum;

        @Option(names = "--dry-run", order = 7,
                description = "Probe every URL and print name, size, range support and validator; download nothing.")
        boolean dryRun;
    }

    static final class Connections {
        @Option(names = {"-j", "--max-concurrent-downloads"}, paramLabel = "N", order = 1,
                defaultValue = "" + Settings.DEFAULT_FILES_AT_ONCE,
                description = "Files downloading at once (default: ${DEFAULT-VALUE}).")
        int filesAtOnce;

        @Option(names = {"-x", "--max-connection-per-file"}, paramLabel = "N", order = 2,
                defaultValue = "" + Settings.DEFAULT_CONNECTIONS,
                description = "Connections (ranges in flight) per file (default: ${DEFAULT-VALUE}).")
        int perFile;

        @Option(names = {"-s", "--split"}, paramLabel = "N", order = 3,
                description = "Ranges a file is first cut into (default: same as -x); at most -x run at once.")
        Integer split;

        @Option(names = {"-k", "--min-split-size"}, paramLabel = "SIZE", defaultValue = "1M", converter = Sizes.class,
                order = 4, description = "Never plan a range smaller than SIZE, e.g. 512K, 1M (default: ${DEFAULT-VALUE}).")
        long minSplitSize;

        @Option(names = "--max-connections-per-host", paramLabel = "N", order = 5,
                description = "Connections to one host over all files (default: the larger of 16 and -j).")
        Integer perHost;

        @Option(names = "--threads", paramLabel = "KIND", defaultValue = "virtual", order = 6,
                description = "Threads that run files and ranges: virtual or platform (default: ${DEFAULT-VALUE}).")
        ThreadKind threads;
    }

    static final class Reliability {
        @Option(names = "--retries", paramLabel = "N", defaultValue = "5", order = 1,
                description = "Retries per range after a transient failure (default: ${DEFAULT-VALUE}).")
        int retries;

        @Option(names = "--retry-wait", paramLabel = "SECONDS", defaultValue = "0.5", converter = Seconds.class, order = 2,
                description = "First wait before a retry; doubles each time, with jitter (default: ${DEFAULT-VALUE}).")
        Duration retryWait;

        @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "30", converter = Seconds.class,
                order = 3, description = "Give up connecting after this long (default: ${DEFAULT-VALUE}).")
        Duration connectTimeout;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60", converter = Seconds.class, order = 4,
                description = "An attempt fails when no bytes arrive for this long (default: ${DEFAULT-VALUE}).")
        Duration timeout;
    }

    static final class Network {
        @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'", order = 1,
                description = "Send this header with every request (repeatable).")
        List<String> headers = new ArrayList<>();

        @Option(names = {"-U", "--user-agent"}, paramLabel = "AGENT", order = 2,
                description = "User-Agent to send (default: loomget/VERSION).")
        String userAgent;

        @Option(names = "--user", paramLabel = "USER:PASSWORD", order = 3,
                description = "Basic authentication (credentials in a URL work too); never printed.")
        String credentials;

        @Option(names = "--proxy", paramLabel = "HOST:PORT", order = 4,
                description = "HTTP proxy for all URLs (default: http_proxy, https_proxy, no_proxy from the environment).")
        String proxy;

        @Option(names = "--limit-rate", paramLabel = "SPEED", converter = Sizes.class, order = 5,
                description = "Overall speed limit in bytes per second over all connections, e.g. 500K, 2M.")
        Long limitRate;

        @Option(names = "--http2", order = 6,
                description = "Allow HTTP/2 (one multiplexed connection per host) where the server offers it.")
        boolean http2;
    }

    static final class Display {
        @Option(names = {"-q", "--quiet"}, order = 1, description = "Print errors and the final summary only.")
        boolean quiet;

        @Option(names = "--json", order = 2,
                description = "JSON Lines events and a summary object on stdout instead of text.")
        boolean json;

        @Option(names = "--no-color", order = 3, description = "No colours on a terminal (also when NO_COLOR is set).")
        boolean noColor;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static CommandLine commandLine() {
        var cl = new CommandLine(new LoomgetCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(LoomgetCommand::usageError);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("loomget: " + e);
            return EXIT_FAILED;
        });
        return cl;
    }

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        var settings = settings();
        var requests = new ArrayList<DownloadRequest>();
        var problems = new ArrayList<InputProblem>();
        collectInput(requests, problems);
        int given = requests.size() + problems.size();
        if (given == 0) {
            throw usage("no URL given (pass URLs or -i FILE)");
        }
        if (files.out != null) {
            if (given != 1) {
                throw usage("-o needs exactly one URL, got " + given);
            }
            var out = outPath(files.out);
            requests.replaceAll(r -> r.withOut(out.dir(), out.name()));
        }
        if (files.checksum != null) {
            if (given != 1) {
                throw usage("--checksum needs exactly one URL (use checksum= lines in an input file for several)");
            }
            var expected = checksum(files.checksum);
            requests.replaceAll(r -> r.withChecksum(expected));
        }
        if (files.dryRun) {
            return dryRun(settings, requests, problems);
        }
        prepareOutputDir();

        var interrupts = Interrupts.install(Thread.currentThread());
        long start = System.nanoTime();
        try (var view = view()) {
            var batch = new Batch(settings, view);
            interrupts.onFirst(batch::saveResumeStates);
            interrupts.onSecond(() -> {
                view.close();
                err.println("loomget: interrupted again: stopped at once; part files and their state are kept for -c");
                err.flush();
            });
            view.begin(requests.size());
            problems.forEach(p -> view.on(p.toEvent())); // failures like any other: in every view, --json too
            List<FileResult> results = batch.run(requests);
            var summary = Summary.of(results, problems.size(), Duration.ofNanos(System.nanoTime() - start));
            view.end(summary);
            if (interrupts.requested() || Thread.interrupted()) {
                return Interrupts.EXIT_INTERRUPTED;
            }
            return summary.allOk() ? EXIT_OK : EXIT_FAILED;
        }
    }

    /** JSON when asked; the live view on a terminal; plain lines in pipes and logs. */
    private ProgressView view() {
        var out = spec.commandLine().getOut();
        if (display.json) {
            return new JsonView(out);
        }
        if (!display.quiet && stdoutIsTerminal()) {
            boolean color = !display.noColor && System.getenv("NO_COLOR") == null;
            return new TerminalView(out, color, TerminalSize.watch()::columns);
        }
        return new LogView(out, spec.commandLine().getErr(), display.quiet, LOG_PERIOD);
    }

    /**
     * Whether stdout is a terminal. The launcher knows it for free ({@code test -t 1}) and passes it
     * on; without that hint the JDK is asked, which costs a service lookup (up to 0.04 s) per run.
     */
    static boolean stdoutIsTerminal() {
        var hint = System.getProperty("loomget.stdout.tty");
        if (hint != null) {
            return Boolean.parseBoolean(hint);
        }
        var console = System.console();
        return console != null && console.isTerminal();
    }

    /** Probes only; input problems and failed probes are reported like a download's, then a summary of its own. */
    private int dryRun(Settings settings, List<DownloadRequest> requests, List<InputProblem> problems) {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        long start = System.nanoTime();
        var json = display.json ? new JsonView(out) : null;
        ProgressView view = json != null ? json : new LogView(out, err, true, Duration.ZERO);
        problems.forEach(p -> view.on(p.toEvent()));
        int probed = 0;
        int failed = problems.size();
        for (var report : Inspection.run(settings, requests)) {
            if (report.error() != null) {
                failed++;
            } else {
                probed++;
            }
            if (json != null) {
                json.inspected(report);
            } else if (report.error() != null) {
                err.println("loomget: failed: " + report.request().displayUri() + ": " + report.error());
            } else {
                out.println(report.name() + "  " + (report.size() >= 0 ? Units.bytes(report.size()) + " (" + report.size() + " bytes)" : "size unknown")
                        + "  ranges " + (report.rangeable() ? "yes" : "no")
                        + "  validator " + (report.validator() == null ? "none" : report.validator())
                        + "  " + report.finalUri());
            }
        }
        var elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (json != null) {
            json.dryRunEnd(probed, failed, elapsed);
        } else {
            out.println("dry run: " + probed + " probed, " + failed + " failed in " + Units.seconds(elapsed)
                    + "; nothing was downloaded");
        }
        return failed == 0 ? EXIT_OK : EXIT_FAILED;
    }

    /** The options as engine settings; anything the engine refuses is a usage error (exit 2). */
    Settings settings() {
        var builder = Settings.builder()
                .outputDir(files.dir)
                .filesAtOnce(connections.filesAtOnce)
                .connectionsPerFile(connections.perFile)
                .splits(connections.split == null ? 0 : connections.split)
                .minSplitSize(connections.minSplitSize)
                .maxConnectionsPerHost(connections.perHost == null ? 0 : connections.perHost)
                .threads(connections.threads)
                .connectTimeout(reliability.connectTimeout)
                .idleTimeout(reliability.timeout)
                .overwrite(files.overwrite)
                .resume(files.resume)
                .proxy(network.proxy)
                .limitRate(network.limitRate == null ? 0 : network.limitRate)
                .http2(network.http2)
                .credentials(network.credentials);
        if (network.userAgent != null) {
            builder.header("User-Agent", network.userAgent);
        }
        for (var header : network.headers) {
            try {
                var line = HeaderLine.parse(header); // the same rules as an input file's header= lines
                builder.header(line.name(), line.value());
            } catch (IllegalArgumentException e) {
                throw usage("-H: " + e.getMessage());
            }
        }
        try {
            return builder.retry(new RetryPolicy(reliability.retries, reliability.retryWait, RetryPolicy.DEFAULT.maxWait()))
                    .build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private Checksum checksum(String text) {
        try {
            return Checksum.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage("--checksum: " + e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private void collectInput(List<DownloadRequest> requests, List<InputProblem> problems) {
        for (var url : urls) {
            try {
                requests.add(Links.parseArgument(url));
            } catch (InvalidUrlException e) {
                problems.add(new InputProblem("command line", url.strip(), e.getMessage()));
            }
        }
        if (files.inputFile == null) {
            return;
        }
        boolean stdin = files.inputFile.equals("-");
        try (var reader = stdin
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(files.inputFile), StandardCharsets.UTF_8)) {
            var parsed = Links.read(reader, stdin ? "stdin" : files.inputFile);
            requests.addAll(parsed.requests());
            problems.addAll(parsed.problems());
        } catch (IOException e) {
            throw usage("cannot read input file " + files.inputFile + ": " + FileErrors.reason(e));
        }
    }

    /** A missing directory is created; one that cannot be written is a usage error before anything starts. */
    private void prepareOutputDir() {
        try {
            Files.createDirectories(files.dir);
        } catch (IOException e) {
            throw usage("cannot create output directory " + files.dir + ": " + FileErrors.reason(e));
        }
        if (!Files.isDirectory(files.dir)) {
            throw usage("cannot use output directory " + files.dir + ": not a directory");
        }
        if (!Files.isWritable(files.dir)) {
            throw usage("output directory " + files.dir + " is not writable: " + unwritableReason(files.dir));
        }
    }

    /** Why {@code dir} cannot be written, in words: the system's answer to creating a file there. */
    static String unwritableReason(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, ".loomget-", ".probe"));
            return "permission denied"; // access(2) said no although a file could be made: the permission bits
        } catch (IOException e) {
            return FileErrors.reason(e);
        }
    }

    /**
     * {@code -o}: a name, or a path below {@code -d}. An absolute path is taken when it lies inside
     * {@code -d}; anything that would leave {@code -d} is a usage error.
     */
    private OutPath outPath(String text) {
        try {
            var asked = text;
            var path = Path.of(text);
            if (path.isAbsolute()) {
                var dir = files.dir.toAbsolutePath().normalize();
                var normal = path.normalize();
                if (!normal.startsWith(dir) || normal.equals(dir)) {
                    throw usage("-o: '" + text + "' is outside the output directory " + files.dir);
                }
                asked = dir.relativize(normal).toString();
            }
            return OutPath.parse(asked);
        } catch (IllegalArgumentException e) { // InvalidPathException too (a NUL in the name)
            throw usage("-o: " + e.getMessage());
        }
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        var err = e.getCommandLine().getErr();
        err.println("loomget: " + e.getMessage());
        err.println("Try 'loomget --help' for more information.");
        return EXIT_USAGE;
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
