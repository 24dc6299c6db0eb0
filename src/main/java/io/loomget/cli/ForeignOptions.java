package io.loomget.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What curl, wget and aria2 users type that loomget spells otherwise, and the loomget option to use:
 * said in the usage error instead of a bare "Unknown option". Spellings that mean exactly what a
 * loomget option means are aliases of it instead ({@code --all-proxy}, {@code -u}, ...); those here
 * differ (another meaning, or loomget does it anyway), so a silent alias would mislead.
 */
final class ForeignOptions {

    private ForeignOptions() {}

    private static final String CONTINUE = "curl's -C - is -c (--continue) here";
    private static final String FOLLOW = "loomget always follows redirects (curl's -L); leave it out";
    private static final String PROXY = "one proxy for all URLs is --proxy HOST:PORT (--all-proxy); or set http_proxy"
            + " and https_proxy in the environment";
    private static final String IF_NEWER = "only-if-newer is -N (--conditional-get), against the file already saved";
    private static final String AT_ONCE = "loomget always downloads several files at once: -j N (--max-concurrent-downloads)";
    private static final String LOGIN = "the login is one option here: --user USER:PASSWORD";
    private static final String NAME = "the file name is -o NAME (--out); without it loomget saves under the URL's name";
    private static final String DIR = "the directory is -d DIR (--dir)";
    private static final String TRIES = "use --retries N, the retries after the first try (aria2's --max-tries 5 and"
            + " wget's --tries 5 are --retries 4)";
    private static final String VERBOSE = "loomget has no verbose mode: it prints a line per event when not on a"
            + " terminal, and --json gives every event (the version, aria2's -v, is -V)";
    private static final String RECURSIVE = "loomget fetches the URLs it is given, into -d, and follows no links:"
            + " leave it out";

    /**
     * wget's two-letter options, which picocli reads as a cluster of loomget's one-letter ones ({@code -nd}
     * is {@code -n -d}, and takes the URL as the directory): known before parsing, by the word as typed.
     */
    private static final Map<String, String> WGET_CLUSTERS = Map.of(
            "-nv", "wget's -nv (less output) is -q (--quiet) here",
            "-nd", "wget's -nd: " + RECURSIVE,
            "-nH", "wget's -nH: " + RECURSIVE,
            "-np", "wget's -np: " + RECURSIVE);

    /** A usage error's message when the command line holds one of wget's two-letter options. */
    static Optional<String> forWords(String[] args) {
        for (var arg : args) {
            if (arg.equals("--")) {
                break;
            }
            var hint = WGET_CLUSTERS.get(arg);
            if (hint != null) {
                return Optional.of("unknown option '" + arg + "': " + hint);
            }
        }
        return Optional.empty();
    }

    /** By the name as typed (before any {@code =VALUE}). */
    private static final Map<String, String> HINTS = Map.ofEntries(
            Map.entry("-O", "curl's -O (save under the URL's name) is what loomget always does; -o NAME"
                    + " (wget's -O) chooses a name"),
            Map.entry("--remote-name", "saving under the URL's name is what loomget always does (curl's -O); -o NAME"
                    + " chooses a name"),
            Map.entry("--remote-name-all", "saving under the URL's name is what loomget always does"),
            Map.entry("--output", NAME),
            Map.entry("--output-document", NAME),
            Map.entry("-P", DIR + " (wget's -P)"),
            Map.entry("--directory-prefix", DIR),
            Map.entry("--output-dir", DIR),
            Map.entry("-C", CONTINUE),
            Map.entry("--continue-at", CONTINUE),
            Map.entry("-L", FOLLOW),
            Map.entry("--location", FOLLOW),
            Map.entry("-A", "the User-Agent is -U AGENT (--user-agent)"),
            Map.entry("--password", LOGIN),
            Map.entry("--http-user", LOGIN),
            Map.entry("--http-passwd", LOGIN),
            Map.entry("--http-password", LOGIN),
            Map.entry("-t", TRIES),
            Map.entry("--tries", TRIES),
            Map.entry("--max-tries", TRIES),
            Map.entry("--retry", "use --retries N (retries per range after a transient failure)"),
            Map.entry("--retry-delay", "the first wait before a retry is --retry-wait SECONDS"),
            Map.entry("-T", "the idle timeout is --timeout SECONDS (wget's -T)"),
            Map.entry("--max-download-limit", "loomget's speed limit is for the whole run, over all downloads:"
                    + " --limit-rate SPEED (aria2's --max-overall-download-limit)"),
            Map.entry("--http-proxy", PROXY),
            Map.entry("--https-proxy", PROXY),
            Map.entry("--allow-overwrite", "replacing an existing file is --overwrite"),
            Map.entry("--no-clobber", "loomget never replaces an existing file unless --overwrite is given (it saves"
                    + " NAME.1.EXT); leave it out"),
            Map.entry("--referer", "send it as a header: -H 'Referer: URL'"),
            Map.entry("--cookie", "cookies from a file are -b FILE (--load-cookies); a cookie string is"
                    + " -H 'Cookie: NAME=VALUE'"),
            Map.entry("-z", IF_NEWER),
            Map.entry("--time-cond", IF_NEWER),
            Map.entry("-Z", AT_ONCE),
            Map.entry("--parallel", AT_ONCE),
            Map.entry("--parallel-max", "files at once is -j N (--max-concurrent-downloads)"),
            Map.entry("--spider", "probing without downloading is --dry-run"),
            Map.entry("-I", "probing without downloading is --dry-run (curl's -I)"),
            Map.entry("--silent", "the quiet mode is -q (--quiet)"),
            Map.entry("-v", VERBOSE),
            Map.entry("--verbose", VERBOSE),
            Map.entry("--file-allocation", "loomget allocates no space ahead (aria2's --file-allocation=none); leave it out"),
            Map.entry("--auto-file-renaming", "loomget saves as NAME.1.EXT when NAME is taken, unless --overwrite is given"),
            Map.entry("--netrc-path", "the .netrc file is --netrc-file FILE"),
            Map.entry("--netrc-optional", "~/.netrc is read by default when it exists; --no-netrc turns it off"));

    /**
     * A hint for the first unknown argument that has one, as a whole message:
     * {@code unknown option '-O': curl's -O ...}.
     */
    static Optional<String> forUnknown(List<String> unmatched) {
        for (var arg : unmatched) {
            int eq = arg.indexOf('=');
            var name = eq > 0 ? arg.substring(0, eq) : arg;
            var hint = HINTS.get(name);
            if (hint != null) {
                return Optional.of("unknown option '" + name + "': " + hint);
            }
        }
        return Optional.empty();
    }

    /**
     * picocli names an option by its longest name in its messages, which for {@code -x} is the alias
     * {@code --max-connection-per-server}: the message names the option's own long name instead, the
     * first one declared.
     */
    static String mainName(ArgSpec arg, String message) {
        if (!(arg instanceof OptionSpec option)) {
            return message;
        }
        var main = List.of(option.names()).stream().filter(n -> n.startsWith("--")).findFirst().orElse(option.longestName());
        return message.replace("'" + option.longestName() + "'", "'" + main + "'");
    }

    /**
     * What a value that is not a number or size tells of a curl user: {@code -x PROXY}, {@code -k URL},
     * {@code -s URL} mean other things in curl. Empty when the value does not look like that.
     */
    static Optional<String> forBadValue(ArgSpec arg, String value) {
        if (!(arg instanceof OptionSpec option) || value == null) {
            return Optional.empty();
        }
        var names = List.of(option.names());
        boolean looksLikeUrl = value.contains("://");
        if (names.contains("-x") && (looksLikeUrl || value.contains(":"))) {
            return Optional.of("a proxy is --proxy HOST:PORT (curl's -x)");
        }
        if (names.contains("-k") && looksLikeUrl) {
            return Optional.of("not checking certificates is --insecure (curl's -k)");
        }
        if (names.contains("-s") && looksLikeUrl) {
            return Optional.of("the quiet mode is -q (curl's -s)");
        }
        return Optional.empty();
    }
}
