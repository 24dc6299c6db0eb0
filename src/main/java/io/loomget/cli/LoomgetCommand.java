package io.loomget.cli;

import io.loomget.Version;
import io.loomget.engine.Batch;
import io.loomget.engine.Checksum;
import io.loomget.engine.DownloadRequest;
import io.loomget.engine.FileResult;
import io.loomget.engine.RetryPolicy;
import io.loomget.engine.Settings;
import io.loomget.engine.ThreadKind;
import io.loomget.input.InputProblem;
import io.loomget.input.InvalidUrlException;
import io.loomget.input.Links;
import io.loomget.report.LineReport;
import io.loomget.report.Summary;
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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "loomget",
        mixinStandardHelpOptions = true,
        versionProvider = LoomgetCommand.VersionInfo.class,
        subcommands = DemoCommand.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Downloads URLs fast and safely: several files at once, each split into byte ranges,",
            "one virtual thread per range, every range validated before it is written.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  loomget -i links.txt -d downloads          every URL in links.txt, 5 files at once",
            "  loomget -x16 -s16 -k1M https://host/big.iso 16 connections for one big file",
            "  loomget -o latest.iso https://host/iso      choose the file name",
            "  loomget --threads platform -i links.txt     the same work on platform threads",
            "  loomget demo                                offline demo against the built-in server",
            "",
            "Exit status: 0 all downloaded, 1 some failed, 2 usage error, 130 interrupted."})
public final class LoomgetCommand implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    @Parameters(paramLabel = "URL", arity = "0..*", description = "http(s) URLs to download.")
    List<String> urls = new ArrayList<>();

    @Option(names = {"-i", "--input-file"}, paramLabel = "FILE",
            description = "Read URLs from FILE, one a line ('-' = standard input); blank lines and # comments are skipped.")
    String inputFile;

    @Option(names = {"-d", "--dir"}, paramLabel = "DIR", defaultValue = ".",
            description = "Save files in DIR, created if missing (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = {"-o", "--out"}, paramLabel = "NAME",
            description = "File name for the download (only with a single URL).")
    String out;

    @Option(names = {"-j", "--max-concurrent-downloads"}, paramLabel = "N",
            defaultValue = "" + Settings.DEFAULT_FILES_AT_ONCE,
            description = "Files downloading at once (default: ${DEFAULT-VALUE}).")
    int filesAtOnce;

    @Option(names = {"-x", "--max-connection-per-file"}, paramLabel = "N",
            defaultValue = "" + Settings.DEFAULT_CONNECTIONS,
            description = "Connections (ranges in flight) per file (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = {"-s", "--split"}, paramLabel = "N",
            description = "Ranges a file is first cut into (default: same as -x); at most -x run at once.")
    Integer split;

    @Option(names = {"-k", "--min-split-size"}, paramLabel = "SIZE", defaultValue = "1M", converter = Sizes.class,
            description = "Never plan a range smaller than SIZE, e.g. 512K, 1M (default: ${DEFAULT-VALUE}).")
    long minSplitSize;

    @Option(names = "--max-connections-per-host", paramLabel = "N",
            description = "Connections to one host over all files (default: the larger of 16 and -j).")
    Integer maxConnectionsPerHost;

    @Option(names = "--threads", paramLabel = "KIND", defaultValue = "virtual",
            description = "Threads that run files and ranges: virtual or platform (default: ${DEFAULT-VALUE}).")
    String threads;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "5",
            description = "Retries per range after a transient failure (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--retry-wait", paramLabel = "SECONDS", defaultValue = "0.5", converter = Seconds.class,
            description = "First wait before a retry; doubles each time, with jitter (default: ${DEFAULT-VALUE}).")
    Duration retryWait;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "30", converter = Seconds.class,
            description = "Give up connecting after this long (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60", converter = Seconds.class,
            description = "An attempt fails when no bytes arrive for this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = {"-c", "--continue"},
            description = "Continue part files left by an interrupted or failed run (NAME.part + NAME.part.state).")
    boolean resume;

    @Option(names = "--checksum", paramLabel = "ALGO=HEX",
            description = "Verify the file before it gets its name: sha-256, sha-1 or md5 (only with a single URL).")
    String checksum;

    @Option(names = "--overwrite", description = "Replace existing files instead of saving as NAME.1.EXT.")
    boolean overwrite;

    @Option(names = {"-q", "--quiet"}, description = "Print errors and the final summary only.")
    boolean quiet;

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
    public Integer call() throws IOException {
        var err = spec.commandLine().getErr();
        var stdout = spec.commandLine().getOut();
        var settings = settings();
        var requests = new ArrayList<DownloadRequest>();
        var problems = new ArrayList<InputProblem>();
        collectInput(requests, problems);
        if (requests.isEmpty() && problems.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no URL given (pass URLs or -i FILE)");
        }
        if (out != null) {
            if (requests.size() + problems.size() != 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "-o needs exactly one URL, got "
                        + (requests.size() + problems.size()));
            }
            requests.replaceAll(r -> r.withOutName(out));
        }
        if (checksum != null) {
            if (requests.size() + problems.size() != 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--checksum needs exactly one URL (use checksum= lines in an input file for several)");
            }
            Checksum expected;
            try {
                expected = Checksum.parse(checksum);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--checksum: " + e.getMessage());
            }
            requests.replaceAll(r -> r.withChecksum(expected));
        }
        prepareOutputDir();
        problems.forEach(p -> err.println("loomget: " + p));

        var interrupts = Interrupts.install(Thread.currentThread());
        long start = System.nanoTime();
        List<FileResult> results = new Batch(settings, new LineReport(stdout, err, quiet)).run(requests);
        var summary = Summary.of(results, problems.size(), Duration.ofNanos(System.nanoTime() - start));
        (summary.allOk() ? stdout : err).println(summary.render());
        if (interrupts.requested() || Thread.interrupted()) {
            return Interrupts.EXIT_INTERRUPTED;
        }
        return summary.allOk() ? EXIT_OK : EXIT_FAILED;
    }

    Settings settings() {
        var line = spec.commandLine();
        ThreadKind kind;
        try {
            kind = ThreadKind.valueOf(threads.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(line, "--threads must be virtual or platform, got '" + threads + "'");
        }
        requirePositive("-j", filesAtOnce);
        requirePositive("-x", connections);
        if (split != null) {
            requirePositive("-s", split);
        }
        if (maxConnectionsPerHost != null) {
            requirePositive("--max-connections-per-host", maxConnectionsPerHost);
        }
        if (retries < 0) {
            throw new CommandLine.ParameterException(line, "--retries must be 0 or more, got " + retries);
        }
        if (timeout.isZero() || connectTimeout.isZero()) {
            throw new CommandLine.ParameterException(line, "timeouts must be more than 0 seconds");
        }
        return Settings.builder()
                .outputDir(dir)
                .filesAtOnce(filesAtOnce)
                .connectionsPerFile(connections)
                .splits(split == null ? 0 : split)
                .minSplitSize(minSplitSize)
                .maxConnectionsPerHost(maxConnectionsPerHost == null ? 0 : maxConnectionsPerHost)
                .threads(kind)
                .retry(new RetryPolicy(retries, retryWait, RetryPolicy.DEFAULT.maxWait()))
                .connectTimeout(connectTimeout)
                .idleTimeout(timeout)
                .overwrite(overwrite)
                .resume(resume)
                .build();
    }

    private void requirePositive(String option, int value) {
        if (value < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be at least 1, got " + value);
        }
    }

    private void collectInput(List<DownloadRequest> requests, List<InputProblem> problems) {
        for (var url : urls) {
            try {
                requests.add(Links.parseArgument(url));
            } catch (InvalidUrlException e) {
                problems.add(new InputProblem("argument", e.getMessage()));
            }
        }
        if (inputFile == null) {
            return;
        }
        try (var reader = inputFile.equals("-")
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(inputFile), StandardCharsets.UTF_8)) {
            var parsed = Links.read(reader, inputFile.equals("-") ? "stdin" : inputFile);
            requests.addAll(parsed.requests());
            problems.addAll(parsed.problems());
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read input file " + inputFile + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
        }
    }

    /** A missing directory is created; one that cannot be written is a usage error before anything starts. */
    private void prepareOutputDir() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot create output directory " + dir
                    + ": " + (e instanceof java.nio.file.FileAlreadyExistsException ? "a file is in the way" : e.getMessage()));
        }
        if (!Files.isWritable(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "output directory " + dir + " is not writable");
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
