package io.loomget.cli;

import io.loomget.Settings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The "Input and output" section of {@code --help}: where URLs come from and where files go. */
final class InputOptions {

    @Option(names = {"-i", "--input-file"}, paramLabel = "FILE", order = 1,
            description = "Read URLs from FILE ('-' = stdin): one a line, # comments; aria2-style indented "
                    + "out=, dir=, checksum=, header=, split=, user-agent=, referer=, http-user=, http-passwd= lines "
                    + "apply to the URL above them; aria2's other options (a saved session's) are ignored with a note.")
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
            description = "Continue part files left by an interrupted or failed run (NAME.part + NAME.part.state, "
                    + "or aria2's NAME + NAME.aria2), and skip a file already complete under its name (checked with a "
                    + "one-byte request).")
    boolean resume;

    @Option(names = {"-N", "--conditional-get", "--timestamping"}, order = 5,
            description = "Fetch a file that exists only when the server has a newer one (If-Modified-Since, "
                    + "If-None-Match); a newer one replaces it once complete. Implies -R.")
    boolean conditionalGet;

    @Option(names = {"-R", "--remote-time"}, order = 5,
            description = "Give each file the server's Last-Modified time.")
    boolean remoteTime;

    @Option(names = "--checksum", paramLabel = "ALGO=HEX", order = 6,
            description = "Verify the file before it gets its name: sha-256, sha-512, sha-1 or md5 (single URL).")
    String checksum;

    @Option(names = "--dry-run", order = 7,
            description = "Probe every URL and print name, size, range support and validator; download nothing.")
    boolean dryRun;

    void applyTo(Settings.Builder settings) {
        settings.outputDir(dir).overwrite(overwrite).resume(resume).conditionalGet(conditionalGet).remoteTime(remoteTime);
    }

    /**
     * {@code -o} as a path relative to {@code -d}: an absolute path is taken when it lies inside
     * {@code -d}; anything that would leave {@code -d} is refused.
     *
     * @throws IllegalArgumentException saying why the path cannot be used
     */
    String outRelativeToDir() {
        var path = Path.of(out);
        if (!path.isAbsolute()) {
            return out;
        }
        var base = dir.toAbsolutePath().normalize();
        var normal = path.normalize();
        if (!normal.startsWith(base) || normal.equals(base)) {
            throw new IllegalArgumentException("'" + out + "' is outside the output directory " + dir);
        }
        return base.relativize(normal).toString();
    }
}
