package io.loomget.spark;

import io.loomget.Settings;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The job's command line, parsed. Counts of 0 mean "the CLI's default" (-j 5, -x 8, per host
 * max(16, -j)); options mirror the CLI's names and meanings.
 *
 * @param format     {@code links} (loomget's input format), {@code csv} or {@code parquet}
 * @param partitions     partitions to plan (0 = from the URLs per host and the cluster, see {@link PartitionPlan})
 * @param clientFiles    the CA bundle, client certificate and key, .netrc and cookie file, as the driver read them
 * @param insecure       {@code --insecure}: accept any server certificate for any host name
 * @param conditionalGet {@code -N}: fetch a URL already downloaded again only when the server has a newer file
 * @param remoteTime     {@code -R}: files get the server's {@code Last-Modified} time
 * @param sha256         whether each downloaded file's row carries its SHA-256 ({@code --no-sha256}: no)
 */
public record JobOptions(String input, String output, String format, int filesAtOnce, int connectionsPerFile,
                         int maxConnectionsPerHost, int retries, Duration retryWait, Duration maxRetryWait,
                         Duration connectTimeout, Duration idleTimeout, boolean platformThreads, int partitions,
                         ClientFiles clientFiles, boolean insecure, boolean conditionalGet, boolean remoteTime,
                         boolean sha256)
        implements Serializable {

    static final String USAGE = """
            Usage: spark-submit [spark options] loomget-spark.jar [options] INPUT OUTPUT
              INPUT   a text file in loomget's input format (one URL a line, aria2's indented
                      out=/dir=/checksum=/header=/split= lines), or a .csv/.parquet table with a
                      'url' column and optional 'out' and 'checksum' columns; or a directory
                      (or glob) of such files; not '-': the executors read it
              OUTPUT  the output root (file:, hdfs:, s3a:, ...); the manifest goes to OUTPUT/_manifest
            Options:
              --format links|csv|parquet    input format (default: from INPUT's extension, else links)
              -j, --max-concurrent-downloads N   files in flight per partition (default 5)
              -x, --max-connection-per-file N    connections per file (default 8)
              --max-connections-per-host N   connections to one host (default max(16, -j))
              --threads virtual|platform     (default virtual)
              --retries N                    retries per range (default 5)
              --retry-wait SECONDS           first wait before a retry (default 0.5; doubles, at most 30)
              --connect-timeout SECONDS      (default 30)
              --timeout SECONDS              no bytes for this long fails an attempt (default 60)
              --partitions N                 partitions to plan (default: from the URLs per host and
                                             the cluster, 2 per task slot of 100..100,000 URLs each)
              --no-sha256                    leave the manifest's sha256 column empty: no hashing
                                             of each file (on small files, about a seventh of the
                                             CPU of an executor's download threads)
            Requests (files named here are read on the driver and shipped with the job; their
            contents are never printed):
              --ca-certificate, --cacert FILE   also trust the CA certificates in this PEM file
              --certificate, --cert FILE     client certificate (PEM, then any intermediates)
              --private-key, --key FILE      its key: PEM, unencrypted PKCS#8 (default: in --certificate)
              --insecure, --check-certificate=false
                                             do NOT check server certificates or host names (warned;
                                             not curl's -k, which is --min-split-size in loomget)
              -n, --netrc                    logins for hosts from the driver's ~/.netrc (the job reads
                                             none unless asked: its logins go to every executor)
              --netrc-file FILE              logins for hosts from FILE
              --no-netrc                     read no .netrc (the default)
              -b, --load-cookies FILE        send cookies from FILE (cookies.txt, Netscape format)
              -N, --conditional-get, --timestamping
                                             fetch a URL the manifest has as downloaded again, and
                                             replace its file only when the server has a newer one
                                             (If-Modified-Since, If-None-Match); file: roots only
              -R, --remote-time              give each file the server's Last-Modified time (not on
                                             object stores, which keep their own upload time)
            Not in the job: --save-cookies (no one cookie jar over many executors) and
            --on-download-complete/--on-download-error (read OUTPUT/_manifest after the job).
            Exit codes: 0 all downloaded, 1 some URLs not found or failed (or Spark aborted the
            job), 2 usage error (a file named here that the driver cannot read or use is one).
            """;

    /** A bad command line: the message names the problem. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    public JobOptions {
        if (filesAtOnce < 0 || connectionsPerFile < 0 || maxConnectionsPerHost < 0 || retries < 0 || partitions < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
    }

    /** The same options with another per-host cap: a partition holding one shard of a split host gets its share. */
    JobOptions withMaxConnectionsPerHost(int cap) {
        return new JobOptions(input, output, format, filesAtOnce, connectionsPerFile, cap, retries, retryWait,
                maxRetryWait, connectTimeout, idleTimeout, platformThreads, partitions, clientFiles, insecure,
                conditionalGet, remoteTime, sha256);
    }

    /** The same options with another output root (the driver's qualified form of the one given). */
    JobOptions withOutput(String root) {
        return new JobOptions(input, root, format, filesAtOnce, connectionsPerFile, maxConnectionsPerHost, retries,
                retryWait, maxRetryWait, connectTimeout, idleTimeout, platformThreads, partitions, clientFiles, insecure,
                conditionalGet, remoteTime, sha256);
    }

    /** The per-host cap the engine applies: the option, or its default max(16, -j). */
    int hostCap() {
        return Loomget.settings(this, Path.of("."), ClientFiles.Written.NONE).effectiveHostLimit();
    }

    /** What the driver says on stderr before the job starts (reads the driver's files again). */
    List<String> warnings() {
        var warnings = new ArrayList<String>();
        if (insecure) {
            warnings.add("WARNING: --insecure: server certificates and host names are NOT checked;"
                    + " anyone on the path can read and change these downloads");
        }
        warnings.addAll(clientFiles.warnings());
        return warnings;
    }

    /** CLI options that have no meaning in a job over many executors: named, rather than "unknown". */
    private static final Map<String, String> NOT_IN_THE_JOB = Map.of(
            "--save-cookies", "each task has cookies of its own and there is no one jar to write",
            "--cookie-jar", "each task has cookies of its own and there is no one jar to write",
            "--on-download-complete", "read OUTPUT/_manifest after the job instead",
            "--on-download-error", "read OUTPUT/_manifest after the job instead");

    static JobOptions parse(String... args) throws UsageException {
        return parse(Settings.homeNetrc(), args);
    }

    /** {@link #parse(String...)} with {@code -n}'s {@code ~/.netrc} at {@code homeNetrc}. */
    static JobOptions parse(Path homeNetrc, String... args) throws UsageException {
        String input = null, output = null, format = null;
        int j = 0, x = 0, perHost = 0, retries = 5, partitions = 0;
        Duration wait = Duration.ofMillis(500), connect = Duration.ofSeconds(30), idle = Duration.ofSeconds(60);
        boolean platform = false, sha256 = true;
        var requests = new RequestOptions();
        for (int i = 0; i < args.length; i++) {
            var arg = args[i];
            if (!arg.startsWith("-") || arg.equals("-")) {
                if (input == null) {
                    input = arg;
                } else if (output == null) {
                    output = arg;
                } else {
                    throw new UsageException("unexpected argument '" + arg + "' (INPUT and OUTPUT are already given)");
                }
                continue;
            }
            if (requests.flag(arg)) {
                continue;
            }
            if (arg.equals("--no-sha256")) {
                sha256 = false;
                continue;
            }
            String name = arg, value;
            int eq = arg.indexOf('=');
            var bare = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            if (NOT_IN_THE_JOB.containsKey(bare)) {
                throw new UsageException(bare + " is not available in the Spark job: " + NOT_IN_THE_JOB.get(bare));
            }
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else {
                if (i + 1 >= args.length) {
                    throw new UsageException("option " + arg + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--format" -> format = format(value);
                case "-j", "--max-concurrent-downloads" -> j = positive(name, value);
                case "-x", "--max-connection-per-file" -> x = positive(name, value);
                case "--max-connections-per-host" -> perHost = positive(name, value);
                case "--threads" -> platform = switch (value.toLowerCase(Locale.ROOT)) {
                    case "virtual" -> false;
                    case "platform" -> true;
                    default -> throw new UsageException("--threads must be virtual or platform, got '" + value + "'");
                };
                case "--retries" -> retries = atLeastZero(name, value);
                case "--retry-wait" -> wait = seconds(name, value);
                case "--connect-timeout" -> connect = seconds(name, value);
                case "--timeout" -> idle = seconds(name, value);
                case "--partitions" -> partitions = positive(name, value);
                default -> {
                    if (!requests.option(name, value)) {
                        throw new UsageException("unknown option '" + name + "'");
                    }
                }
            }
        }
        if (input == null || output == null) {
            throw new UsageException("INPUT and OUTPUT are required");
        }
        if (input.equals("-")) {
            throw new UsageException("INPUT '-' (standard input) is not read by the job: its executors read the"
                    + " input in parallel, so give a file (or a directory of files) they can reach");
        }
        if (requests.conditionalGet && !Placement.isLocal(output)) {
            throw new UsageException(conditionalGetRefused(output));
        }
        var options = new JobOptions(input, output, format == null ? formatOf(input) : format, j, x, perHost, retries,
                wait, Duration.ofSeconds(30), connect, idle, platform, partitions, ClientFiles.NONE, requests.insecure,
                requests.conditionalGet, requests.remoteTime, sha256);
        var onTheDriver = requests.onTheDriver(homeNetrc);
        try {
            // What the engine refuses (a bad PEM file, a malformed .netrc) is a usage error here, not a failed task.
            Loomget.settings(options, Path.of("."), onTheDriver);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return options.withClientFiles(ClientFiles.read(onTheDriver.caCertificate(), onTheDriver.certificate(),
                onTheDriver.privateKey(), onTheDriver.netrc(), onTheDriver.cookies()));
    }

    /** Why {@code -N} cannot run on {@code root} (checked again once the driver has qualified a plain path). */
    static String conditionalGetRefused(String root) {
        return "-N (--conditional-get) needs a file: output root, got " + root
                + ": it compares with the file on disk and the record loomget keeps in its extended attributes,"
                + " which hdfs: and object stores do not keep";
    }

    private JobOptions withClientFiles(ClientFiles files) {
        return new JobOptions(input, output, format, filesAtOnce, connectionsPerFile, maxConnectionsPerHost, retries,
                retryWait, maxRetryWait, connectTimeout, idleTimeout, platformThreads, partitions, files, insecure,
                conditionalGet, remoteTime, sha256);
    }

    private static String formatOf(String input) {
        var lower = input.toLowerCase(Locale.ROOT);
        return lower.endsWith(".parquet") || lower.endsWith(".parquet/") ? "parquet"
                : lower.endsWith(".csv") ? "csv" : "links";
    }

    private static String format(String value) throws UsageException {
        var f = value.toLowerCase(Locale.ROOT);
        if (!f.equals("links") && !f.equals("csv") && !f.equals("parquet")) {
            throw new UsageException("--format must be links, csv or parquet, got '" + value + "'");
        }
        return f;
    }

    private static int positive(String name, String value) throws UsageException {
        int n = atLeastZero(name, value);
        if (n == 0) {
            throw new UsageException(name + " must be at least 1, got '" + value + "'");
        }
        return n;
    }

    private static int atLeastZero(String name, String value) throws UsageException {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException(name + " needs a whole number, got '" + value + "'");
    }

    private static Duration seconds(String name, String value) throws UsageException {
        try {
            double s = Double.parseDouble(value.strip());
            if (s >= 0 && !Double.isInfinite(s)) {
                return Duration.ofNanos((long) (s * 1e9));
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException(name + " needs seconds (e.g. 0.5), got '" + value + "'");
    }
}
