package io.loomget.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction;

/**
 * The planned partitions written under the output root before any download starts, and read back by
 * the download tasks, so that the download stage depends on no shuffle. Reading them from the shuffle
 * that partitions them made a lost executor (its shuffle files gone with it) a fetch failure in the
 * download stage, and Spark then re-runs the whole stage while the old attempt's tasks still run: two
 * live attempts of one partition writing the same files at once (seen: files failed "size mismatch",
 * twice the per-host cap), as speculation would. A task of a stage without a shuffle parent is only
 * ever retried once its attempt is over. Partition {@code i} is the file {@code part-i}: Java-serialized
 * {@link Planned} records, ended by a null. The directory is removed when the job ends (a driver
 * killed outright leaves it; it is not removed by a later run, which cannot tell it from the plan of
 * a run still going).
 */
final class PlanFiles {

    private PlanFiles() {}

    /** {@code OUTPUT/_loomget-plan-RUN}: hidden from Spark's and Hadoop's readers (a leading '_'). */
    static String directory(String root, long run) {
        return (root.endsWith("/") ? root : root + "/") + "_loomget-plan-" + run;
    }

    /**
     * Writes each partition of {@code partitioned} to its file in {@code dir} (one Spark job). An attempt
     * writes a temporary of its own and renames it into place, so attempts of one partition (a stage
     * re-run after a lost executor) never write one file; each holds the whole partition.
     */
    static void write(JavaRDD<Planned> partitioned, String dir, Map<String, String> hadoopConf) {
        partitioned.foreachPartition((VoidFunction<Iterator<Planned>>) planned -> {
            var task = TaskContext.get();
            var fs = fileSystem(dir, hadoopConf);
            var target = file(dir, task.partitionId());
            var temporary = new Path(dir, "." + target.getName() + "." + task.taskAttemptId() + ".tmp");
            try (var out = new ObjectOutputStream(new BufferedOutputStream(fs.create(temporary, true), 1 << 16))) {
                int n = 0;
                while (planned.hasNext()) {
                    out.writeObject(planned.next());
                    if (++n % 1024 == 0) {
                        out.reset(); // the stream's table of written objects would otherwise hold them all
                    }
                }
                out.writeObject(null);
            }
            if (!fs.rename(temporary, target)) { // another attempt's is there (HDFS does not replace): as good
                fs.delete(temporary, false);
                if (!fs.exists(target)) {
                    throw new IOException("cannot rename " + temporary + " to " + target);
                }
            }
        });
    }

    /** The plan's {@code partitions} partitions, partition {@code i} read from its file: no shuffle parent. */
    static JavaRDD<Planned> read(JavaSparkContext sc, String dir, int partitions, Map<String, String> hadoopConf) {
        return sc.parallelize(IntStream.range(0, partitions).boxed().toList(), partitions)
                .mapPartitions(indices -> planned(dir, indices.next(), hadoopConf));
    }

    /** Removes the plan's files (the driver, when the job ends however it ends). */
    static void delete(String dir, Map<String, String> hadoopConf) {
        try {
            fileSystem(dir, hadoopConf).delete(new Path(dir), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Iterator<Planned> planned(String dir, int partition, Map<String, String> hadoopConf) throws IOException {
        var fs = fileSystem(dir, hadoopConf);
        var in = new ObjectInputStream(new BufferedInputStream(fs.open(file(dir, partition)), 1 << 16));
        var task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> close(in));
        }
        return new Iterator<>() {
            private Planned next = read();

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Planned next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                var p = next;
                next = read();
                return p;
            }

            private Planned read() {
                try {
                    var p = (Planned) in.readObject();
                    if (p == null) {
                        in.close();
                    }
                    return p;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the plan of partition " + partition + ": " + e.getMessage(), e);
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private static void close(ObjectInputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // read to its end or abandoned with its task: nothing to keep
        }
    }

    private static Path file(String dir, int partition) {
        return new Path(dir, "part-" + partition);
    }

    private static FileSystem fileSystem(String dir, Map<String, String> hadoopConf) throws IOException {
        var conf = new Configuration(false);
        hadoopConf.forEach(conf::set);
        return new Path(dir).getFileSystem(conf);
    }
}
