package io.loomget.bench;

import io.loomget.Batch;
import io.loomget.DownloadEvent;
import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.Settings;
import io.loomget.ThreadKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * One benchmark's world: a {@link FileServer} serving generated files, the download
 * requests for one batch, the engine's {@link Settings}, and a scratch output directory.
 *
 * <p>{@link #runBatch()} is exactly what {@code loomget -j N ...} does with N URLs: one
 * {@link Batch#run} of the real engine (same scopes, same {@code HttpClient} code). Each file is
 * deleted as soon as the engine reports it finished (an unlink on tmpfs, a few microseconds), so
 * the scratch space holds only the files in flight, not N × size.
 */
public final class Workload implements AutoCloseable {

    /**
     * How the files get their threads.
     * <ul>
     *   <li>{@code virtual}: loomget's default, a virtual thread per file and per range.</li>
     *   <li>{@code platform}: the same structured scopes with a platform-thread factory, so a new
     *       OS thread per file and per range ("thread per task").</li>
     *   <li>{@code platform-200}: platform threads, at most 200 files in flight ({@code -j 200}).
     *       The engine forks a fresh thread per subtask through a {@code ThreadFactory}, which cannot
     *       reuse threads, so a "fixed pool of 200" is modelled the way a pool limits work: 200 files
     *       at once, each on its own platform thread, the rest queued without a thread.</li>
     * </ul>
     */
    public enum Mode {
        VIRTUAL("virtual", ThreadKind.VIRTUAL, Integer.MAX_VALUE),
        PLATFORM("platform", ThreadKind.PLATFORM, Integer.MAX_VALUE),
        PLATFORM_200("platform-200", ThreadKind.PLATFORM, 200);

        final String label;
        final ThreadKind kind;
        final int maxFilesAtOnce;

        Mode(String label, ThreadKind kind, int maxFilesAtOnce) {
            this.label = label;
            this.kind = kind;
            this.maxFilesAtOnce = maxFilesAtOnce;
        }

        public static Mode of(String label) {
            for (var m : values()) {
                if (m.label.equals(label.toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown thread mode " + label + " (virtual, platform, platform-200)");
        }

        public ThreadKind kind() {
            return kind;
        }

        public String label() {
            return label;
        }
    }

    /** What to download and how. */
    public record Spec(Mode mode, int files, long fileSize, int connectionsPerFile, Duration latency, String server) {

        public int filesAtOnce() {
            return Math.min(files, mode.maxFilesAtOnce);
        }

        public long batchBytes() {
            return files * fileSize;
        }
    }

    private final Spec spec;
    private final FileServer server;
    private final Path outputDir;
    private final List<DownloadRequest> requests;
    private final Settings settings;
    private final LongAdder retries = new LongAdder();
    private final DownloadListener listener = this::onEvent;
    private final Thread cleanup;

    public Workload(Spec spec) {
        this.spec = spec;
        this.server = FileServer.start(spec.server(), spec.files(), spec.fileSize(), spec.latency());
        try {
            this.outputDir = Files.createTempDirectory(scratchRoot(), "loomget-jmh-");
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        }
        // A fork that JMH ends on a timeout must not leave its scratch files in memory (tmpfs).
        this.cleanup = new Thread(this::deleteScratch, "loomget-jmh-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        this.requests = server.uris().stream().map(DownloadRequest::of).toList();
        this.settings = Settings.builder()
                .outputDir(outputDir)
                .threads(spec.mode().kind())
                .filesAtOnce(spec.filesAtOnce())
                .connectionsPerFile(spec.connectionsPerFile())
                .splits(spec.connectionsPerFile())
                // The host cap must not be the bottleneck: every planned connection may be open.
                .maxConnectionsPerHost(Math.max(16, spec.filesAtOnce() * spec.connectionsPerFile()))
                .overwrite(true)
                .build();
    }

    /** tmpfs when there is one, so the disk is not what gets measured. */
    static Path scratchRoot() {
        var shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    public Spec spec() {
        return spec;
    }

    public FileServer server() {
        return server;
    }

    public Settings settings() {
        return settings;
    }

    /** Range attempts the engine retried since the last {@link #resetCounters()}. */
    public long retries() {
        return retries.sum();
    }

    public void resetCounters() {
        retries.reset();
        server.resetStats();
    }

    /**
     * Downloads the whole batch with the real engine. Every file must arrive complete: a benchmark
     * that quietly counted failures as work done would flatter whichever mode fails fastest.
     *
     * @return the number of files downloaded
     */
    public int runBatch() {
        var results = new Batch(settings, listener).run(requests);
        int done = 0;
        FileResult firstProblem = null;
        for (var r : results) {
            if (r instanceof FileResult.Downloaded d && d.bytes() == spec.fileSize()) {
                done++;
            } else if (firstProblem == null) {
                firstProblem = r;
            }
        }
        if (done != spec.files()) {
            throw new IllegalStateException((spec.files() - done) + " of " + spec.files() + " files failed ("
                    + spec.mode().label() + "), e.g. " + firstProblem);
        }
        return done;
    }

    private void onEvent(DownloadEvent event) {
        switch (event) {
            case DownloadEvent.FileFinished(FileResult.Downloaded d) -> {
                try {
                    Files.deleteIfExists(d.path());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case DownloadEvent.RangeRetried r -> retries.increment();
            default -> { }
        }
    }

    /** Removes whatever a failed batch left behind (part files). */
    public void sweep() {
        try (Stream<Path> files = Files.list(outputDir)) {
            for (var p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        deleteScratch();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or ran
        }
    }

    private void deleteScratch() {
        try (Stream<Path> walk = Files.walk(outputDir)) {
            for (var p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
