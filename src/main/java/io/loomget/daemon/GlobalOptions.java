package io.loomget.daemon;

import io.loomget.DownloadQueue;
import io.loomget.Settings;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's defaults for new downloads: the command line's settings, with what
 * {@code changeGlobalOption} changed since laid over them; {@code max-concurrent-downloads} goes
 * straight to the queue's {@code -j}.
 */
final class GlobalOptions {

    private static final List<URI> PROBE = List.of(URI.create("http://localhost/"));

    private final Settings base;
    private final Options options;
    private final DownloadQueue queue;
    private final Map<String, String> extra;
    private final Map<String, String> changed = new LinkedHashMap<>();

    /** {@code extra}: what {@code getGlobalOption} shows beside the download options (the daemon's own flags). */
    GlobalOptions(Settings base, Options options, DownloadQueue queue, Map<String, String> extra) {
        this.base = base;
        this.options = options;
        this.queue = queue;
        this.extra = Map.copyOf(extra);
    }

    /** A new download of {@code uris}: the defaults, then its own {@code given} options over them. */
    synchronized Options.Download download(List<URI> uris, Map<String, String> given) {
        var all = new LinkedHashMap<>(changed);
        all.putAll(given);
        return options.apply(uris, base, all);
    }

    /** The defaults as options (what a session line need not repeat). */
    synchronized Map<String, String> defaults() {
        var d = options.apply(PROBE, base, changed);
        return options.describe(d.request(), d.settings());
    }

    /** {@code getGlobalOption}: every option supported, as strings, the password withheld. */
    Map<String, String> describe() {
        var all = new LinkedHashMap<>(Options.shown(defaults()));
        all.put("max-concurrent-downloads", Integer.toString(queue.filesAtOnce()));
        all.put("max-overall-download-limit", Long.toString(queue.limitRate()));
        all.putAll(extra);
        return all;
    }

    /**
     * {@code changeGlobalOption}: checked all together first, so a bad value changes nothing; options
     * that cannot change (or are unknown) are ignored, as aria2 ignores them.
     */
    synchronized void change(Map<String, String> given) {
        var next = new LinkedHashMap<>(changed);
        given.forEach((name, value) -> {
            // out names one file; ca-certificate is fixed at start, as in aria2 (it is the shared client's)
            if (Options.PER_DOWNLOAD.contains(name) && !name.equals("out") && !name.equals("ca-certificate")) {
                next.put(name, value);
            }
        });
        options.apply(PROBE, base, next);
        int files = -1;
        var limit = given.get("max-concurrent-downloads");
        if (limit != null) {
            try {
                files = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                throw Options.bad("max-concurrent-downloads");
            }
            if (files < 1) {
                throw Options.bad("max-concurrent-downloads");
            }
        }
        long overall = -1;
        var overallLimit = given.get("max-overall-download-limit");
        if (overallLimit != null) {
            try {
                overall = Options.speed(overallLimit);
            } catch (RuntimeException e) {
                throw Options.bad("max-overall-download-limit");
            }
        }
        changed.clear();
        changed.putAll(next);
        if (files > 0) {
            queue.filesAtOnce(files);
        }
        if (overall >= 0) {
            queue.limitRate(overall);
        }
    }
}
