package io.loomget;

import java.util.Map;
import java.util.Set;

/**
 * aria2's per-entry options (its manual's "Input File" list) that a links file may carry and that
 * loomget does not apply per entry. aria2's {@code --save-session} writes the ones that differ from
 * its defaults under every entry ({@code continue=true}, {@code max-tries=5}, {@code all-proxy=},
 * ...): an entry is not skipped for them, since they say how to fetch the file, not what it is (an
 * existing file is still never replaced without {@code --overwrite}), but each is noted once per
 * input with what applies instead. A few that would change what is
 * downloaded are refused instead ({@link #REFUSED}); anything else is an unknown option.
 */
final class IgnoredOptions {

    private IgnoredOptions() {}

    /** One ignored option line: where it was ({@code FILE:LINE}) and what to tell the user. */
    record Ignored(String source, String message) {}

    private static final String PROXY_LOGIN = "--proxy http://USER:PASSWORD@HOST:PORT";

    /**
     * Options loomget has for the whole run only, with that command-line option: the entry downloads
     * under the run's setting.
     */
    private static final Map<String, String> WHOLE_RUN = Map.ofEntries(
            Map.entry("max-connection-per-server", "-x"), Map.entry("min-split-size", "-k"),
            Map.entry("allow-overwrite", "--overwrite"), Map.entry("conditional-get", "-N"),
            Map.entry("remote-time", "-R"), Map.entry("timeout", "--timeout"),
            Map.entry("connect-timeout", "--connect-timeout"), Map.entry("max-tries", "--retries"),
            Map.entry("retry-wait", "--retry-wait"), Map.entry("lowest-speed-limit", "--lowest-speed-limit"),
            Map.entry("max-download-limit", "--limit-rate, over all files"), Map.entry("no-netrc", "--no-netrc"),
            Map.entry("all-proxy", "--proxy"), Map.entry("http-proxy", "--proxy"), Map.entry("https-proxy", "--proxy"),
            Map.entry("all-proxy-user", PROXY_LOGIN),
            Map.entry("all-proxy-passwd", PROXY_LOGIN),
            Map.entry("http-proxy-user", PROXY_LOGIN),
            Map.entry("http-proxy-passwd", PROXY_LOGIN),
            Map.entry("https-proxy-user", PROXY_LOGIN),
            Map.entry("https-proxy-passwd", PROXY_LOGIN),
            Map.entry("no-proxy", "the no_proxy environment variable"));

    /**
     * aria2's input-file options that have no effect on loomget's HTTP(S) downloads: BitTorrent,
     * Metalink, FTP and SFTP, aria2's own file allocation, connection reuse and piece bookkeeping.
     */
    private static final Set<String> NO_EFFECT = Set.of(
            "allow-piece-length-change", "always-resume", "async-dns", "auto-file-renaming",
            "bt-enable-hook-after-hash-check", "bt-enable-lpd", "bt-exclude-tracker", "bt-external-ip",
            "bt-force-encryption", "bt-hash-check-seed", "bt-load-saved-metadata", "bt-max-peers",
            "bt-metadata-only", "bt-min-crypto-level", "bt-prioritize-piece", "bt-remove-unselected-file",
            "bt-request-peer-speed-limit", "bt-require-crypto", "bt-save-metadata", "bt-seed-unverified",
            "bt-stop-timeout", "bt-tracker", "bt-tracker-connect-timeout", "bt-tracker-interval",
            "bt-tracker-timeout", "check-integrity", "content-disposition-default-utf8",
            "enable-http-keep-alive", "enable-http-pipelining", "enable-mmap", "enable-peer-exchange",
            "file-allocation", "follow-metalink", "follow-torrent", "force-save", "ftp-passwd", "ftp-pasv",
            "ftp-proxy", "ftp-proxy-passwd", "ftp-proxy-user", "ftp-reuse-connection", "ftp-type", "ftp-user",
            "hash-check-only", "http-accept-gzip", "http-auth-challenge", "http-no-cache", "index-out",
            "max-file-not-found", "max-mmap-limit", "max-resume-failure-tries", "max-upload-limit",
            "metalink-base-uri", "metalink-enable-unique-protocol", "metalink-language", "metalink-location",
            "metalink-os", "metalink-preferred-protocol", "metalink-version", "no-file-allocation-limit",
            "parameterized-uri", "pause-metadata", "piece-length", "proxy-method", "realtime-chunk-checksum",
            "remove-control-file", "reuse-uri", "rpc-save-upload-metadata", "seed-ratio", "seed-time",
            "select-file", "ssh-host-key-md", "stream-piece-selector", "uri-selector", "use-head");

    /** Ignored options whose "no effect" needs saying in their own words. */
    private static final Map<String, String> IN_OTHER_WORDS = Map.of(
            "auto-file-renaming", "loomget never replaces a file: a name that is taken is saved as NAME.1.EXT",
            "check-integrity", "loomget checks a checksum= whenever it downloads the file",
            "http-accept-gzip", "loomget asks for the file's own bytes, with no encoding to undo",
            "remove-control-file", "loomget does not read aria2's .aria2 control files",
            "parameterized-uri", "URLs are taken as written, without expanding {...} or [...]",
            "force-save", "loomget's session files are the daemon's (--save-session)");

    /**
     * aria2 options an entry may carry that loomget cannot honour per entry and that would change what
     * is done (whether to download at all): the entry is skipped, and the message names the
     * command-line option to give instead.
     */
    static final Map<String, String> REFUSED = Map.of("dry-run", "--dry-run");

    /** Whether {@code key} is read and ignored (perhaps with a note) rather than applied or refused. */
    static boolean isIgnored(String key) {
        return key.equals("gid") || key.equals("pause") || key.equals("continue")
                || WHOLE_RUN.containsKey(key) || NO_EFFECT.contains(key);
    }

    /**
     * What to tell the user of an ignored {@code key=value}, or null for nothing: a {@code gid} is a
     * daemon's name for the download, and {@code continue=true} asks what {@code -c} ({@code resume})
     * already does. Values are not quoted: a proxy's password may be among them.
     */
    static String why(String key, String value, boolean resume) {
        return switch (key) {
            case "gid" -> null;
            case "continue" -> resume || !value.equalsIgnoreCase("true") ? null
                    : "option 'continue' ignored: loomget continues part files with -c, for the whole run;"
                            + " without it, a file whose part file is there is saved under the next free name";
            case "pause" -> !value.equalsIgnoreCase("true") ? null
                    : "option 'pause' ignored: downloading the entry now (it stays paused when the daemon"
                            + " reads the file: loomget --enable-rpc -i FILE)";
            default -> "option '" + key + "' ignored: " + (WHOLE_RUN.containsKey(key)
                    ? "loomget has it only for the whole run: " + WHOLE_RUN.get(key)
                    : IN_OTHER_WORDS.getOrDefault(key, "no effect on loomget's HTTP(S) downloads"));
        };
    }
}
