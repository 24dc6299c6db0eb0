package io.loomget.cli;

import io.loomget.Settings;
import picocli.CommandLine.Option;

/** The "Connections" section of {@code --help}: how many files and ranges, and on which threads. */
final class ConnectionOptions extends ThreadsAndConnections {

    @Option(names = {"-j", "--max-concurrent-downloads"}, paramLabel = "N", order = 1,
            defaultValue = "" + Settings.DEFAULT_FILES_AT_ONCE,
            description = "Files downloading at once (default: ${DEFAULT-VALUE}).")
    int filesAtOnce;

    @Option(names = {"-s", "--split"}, paramLabel = "N", order = 3,
            description = "Ranges a file is first cut into, at most 65536 (default: same as -x); at most -x run at once.")
    Integer split;

    @Option(names = {"-k", "--min-split-size"}, paramLabel = "SIZE", defaultValue = "1M", converter = Sizes.class,
            order = 4, description = "Never plan a range smaller than SIZE, e.g. 512K, 1M (default: ${DEFAULT-VALUE}).")
    long minSplitSize;

    @Option(names = "--max-connections-per-host", paramLabel = "N", order = 5,
            description = "Connections to one host over all files (default: the larger of 16 and -j).")
    Integer perHost;

    @Override
    void applyTo(Settings.Builder settings) {
        // The library reads 0 as "the default"; typed on the command line it is a mistake.
        if (split != null && split < 1) {
            throw new IllegalArgumentException("-s must be at least 1, got " + split);
        }
        if (perHost != null && perHost < 1) {
            throw new IllegalArgumentException("--max-connections-per-host must be at least 1, got " + perHost);
        }
        super.applyTo(settings);
        settings.filesAtOnce(filesAtOnce)
                .splits(split == null ? 0 : split)
                .minSplitSize(minSplitSize)
                .maxConnectionsPerHost(perHost == null ? 0 : perHost);
    }
}
