package io.loomget.spark;

import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition's URLs (whole small hosts, or one shard of a large host) through loomget's engine,
 * with results streaming out as manifest rows as files finish. The engine runs on a thread of its own
 * and takes planned URLs from an inbox whenever one of its {@code -j} slots is free; the task's thread
 * keeps the inbox topped up each time Spark asks it for a row, so Spark's input iterator is only ever
 * touched by the task's own thread, and the engine does not wait for that thread between files while
 * it writes rows (a hand-off per URL, tried before, left slots idle whenever the task's thread was
 * busy elsewhere). At most {@code -j} requests are in flight per partition, and {@link #inboxSize}
 * more planned URLs wait in memory. When the task ends, fails or is killed, the engine thread is
 * interrupted and joined: no attempt leaves a writer behind. The engine's per-host cap is the
 * partition's own from the {@link PartitionPlan} (a shard's share).
 */
final class PartitionDownloader implements FlatMapFunction<Iterator<Planned>, Row> {

    @Serial
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PartitionDownloader.class);
    private static final Object END = new Object();

    private final JobOptions options;
    private final int[] hostCaps;
    private final Map<String, String> hadoopConf;
    private final Progress progress;
    private final Timestamp runStarted;
    private final int failFirstAttemptAfter;

    /** Spark accumulators, visible in the UI and summed over successful task attempts only. */
    record Progress(LongAccumulator done, LongAccumulator upToDate, LongAccumulator failed, LongAccumulator bytes,
                    CollectionAccumulator<TaskStat> tasks) implements Serializable {}

    /**
     * @param hostCaps              the per-host cap of each partition, by partition index
     * @param runStarted            the {@code run} column of every row this run writes
     * @param failFirstAttemptAfter fault injection for tests: the first attempt of every task throws
     *                              after this many rows (0 = never)
     */
    PartitionDownloader(JobOptions options, int[] hostCaps, Map<String, String> hadoopConf, Progress progress,
                        Timestamp runStarted, int failFirstAttemptAfter) {
        this.options = options;
        this.hostCaps = hostCaps.clone();
        this.hadoopConf = hadoopConf;
        this.progress = progress;
        this.runStarted = runStarted;
        this.failFirstAttemptAfter = failFirstAttemptAfter;
    }

    /**
     * Planned URLs waiting for the engine: enough for about a second of downloads at {@code -j} (the
     * task's thread may be busy that long, e.g. compiling Spark's row serializer at the first row).
     */
    static int inboxSize(int filesAtOnce) {
        return Math.clamp(16L * filesAtOnce, 64, 4096);
    }

    @Override
    public Iterator<Row> call(Iterator<Planned> input) {
        PreviewCheck.require("executor");
        var task = TaskContext.get();
        String tag = task == null ? "local" : task.stageId() + "-" + task.partitionId() + "-" + task.attemptNumber();
        var placement = Placement.open(options.output(), hadoopConf,
                Path.of(SparkFiles.getRootDirectory(), "loomget-staging", tag), options.remoteTime());
        var partitionOptions = task == null ? options : options.withMaxConnectionsPerHost(hostCaps[task.partitionId()]);
        var run = new Run(input, partitionOptions, placement, task, tag);
        if (task != null) {
            task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> run.stop());
        }
        return run;
    }

    /** The engine thread and the rows it produces; the iterator side runs on the task's thread. */
    private final class Run implements Iterator<Row> {
        private final Iterator<Planned> input;
        private final JobOptions options;
        private final Placement placement;
        private final TaskContext task;
        private final String tag;
        private final ArrayBlockingQueue<Planned> inbox;
        private final LinkedBlockingQueue<Object> results = new LinkedBlockingQueue<>();
        private final Planned endOfInput = new Planned("", "", "", null, null, null, null);
        private final Thread engine;
        private final long start = System.nanoTime();
        private volatile Throwable engineError;
        private Planned pending;
        private boolean inputDone;
        private boolean finished;
        private Row next;
        private long rows, downloaded, upToDate, notFound, failed, bytes;
        /** Each row's host by its URL's authority: a partition's URLs share a few, and parsing every URL showed in profiles. */
        private final Map<String, String> hosts = new HashMap<>();

        Run(Iterator<Planned> input, JobOptions options, Placement placement, TaskContext task, String tag) {
            this.input = input;
            this.options = options;
            this.placement = placement;
            this.task = task;
            this.tag = tag;
            this.inbox = new ArrayBlockingQueue<>(inboxSize(options.filesAtOnce()));
            this.engine = Thread.ofPlatform().daemon(true).name("loomget-" + tag).start(this::runEngine);
        }

        private void runEngine() {
            try {
                var scratch = Path.of(SparkFiles.getRootDirectory(), "loomget-client");
                Loomget.download(options, placement.localRoot(), scratch, new Iterator<>() {
                    private Planned taken;

                    @Override
                    public boolean hasNext() {
                        if (taken == null) {
                            try {
                                taken = inbox.take();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return false;
                            }
                        }
                        return taken != endOfInput;
                    }

                    @Override
                    public Planned next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        var p = taken;
                        taken = null;
                        return p;
                    }
                }, outcome -> results.add(placement.commit(outcome)));
            } catch (Throwable t) {
                engineError = t;
            } finally {
                results.add(END);
            }
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (finished) {
                return false;
            }
            try {
                feed();
                // With the inbox full (or the input all in it) the engine has work: a result or its end comes.
                var r = results.take();
                if (r == END) {
                    return end();
                }
                next = row((Outcome) r);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("task " + tag + " interrupted", e);
            }
        }

        /** Tops the inbox up from Spark's input without blocking; the input's end goes in as a marker. */
        private void feed() {
            while (!inputDone) {
                if (pending == null) {
                    pending = input.hasNext() ? input.next() : endOfInput;
                }
                if (!inbox.offer(pending)) {
                    return;
                }
                inputDone = pending == endOfInput;
                pending = null;
            }
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            var row = next;
            next = null;
            return row;
        }

        private boolean end() {
            finished = true;
            if (engineError != null) {
                throw new IllegalStateException("loomget's engine failed in task " + tag + ": " + engineError, engineError);
            }
            placement.close();
            long ms = (System.nanoTime() - start) / 1_000_000;
            LOG.info("loomget partition {}: {} URLs, {} downloaded, {} up to date, {} not found, {} failed, {} bytes in {} ms"
                    + " (host cap {})", tag, rows, downloaded, upToDate, notFound, failed, bytes, ms, options.hostCap());
            if (task != null) {
                progress.tasks().add(new TaskStat(SparkEnv.get().executorId(), task.partitionId(), rows, ms));
            }
            return false;
        }

        private Row row(Outcome o) {
            rows++;
            switch (o.outcome()) {
                case Outcome.DOWNLOADED -> {
                    downloaded++;
                    bytes += o.bytes();
                    progress.done().add(1);
                    progress.bytes().add(o.bytes());
                }
                case Outcome.UP_TO_DATE -> {
                    upToDate++;
                    progress.upToDate().add(1);
                }
                case Outcome.NOT_FOUND -> {
                    notFound++;
                    progress.failed().add(1);
                }
                default -> {
                    failed++;
                    progress.failed().add(1);
                }
            }
            if (failFirstAttemptAfter > 0 && rows > failFirstAttemptAfter && task != null && task.attemptNumber() == 0) {
                throw new IllegalStateException("injected failure of task " + tag + " after " + failFirstAttemptAfter + " rows");
            }
            var host = hosts.computeIfAbsent(Names.authority(o.url()), authority -> Names.host(o.url()));
            return Manifest.row(o, host, o.localFile() == null ? null : placement.relative(o), runStarted);
        }

        /** Ends the engine thread (interrupting files in flight) and waits for it; idempotent. */
        void stop() {
            engine.interrupt();
            try {
                engine.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            placement.close();
        }
    }
}
