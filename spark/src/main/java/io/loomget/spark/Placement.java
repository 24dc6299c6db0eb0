package io.loomget.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Where one task attempt's files land. A {@code file:} root (or a plain path) is the engine's own
 * output directory: part file, validation and atomic rename happen in place. Any other Hadoop
 * FileSystem ({@code hdfs:}, {@code s3a:}) gets the engine's output on the executor's local disk
 * first; each finished file is then copied to a hidden temporary name beside its target and renamed
 * over it, so a target path never holds a partial file either.
 */
abstract sealed class Placement implements AutoCloseable {

    /** The directory the engine writes into. */
    abstract Path localRoot();

    /** Puts a finished file in its final place; returns the outcome to record (failed if that fails). */
    abstract Outcome commit(Outcome outcome);

    /** The path of a downloaded file relative to the output root, '/'-separated. */
    String relative(Outcome outcome) {
        var rel = localRoot().relativize(outcome.localFile());
        return rel.toString().replace(rel.getFileSystem().getSeparator(), "/");
    }

    @Override
    public void close() {}

    /**
     * Whether {@code root} is on the local file system. The root is read as Hadoop reads it (the
     * manifest's writer and the driver's checks do): any character a file name may hold, {@code %} and
     * {@code [} included, is taken as it is, not as part of a URI.
     */
    static boolean isLocal(String root) {
        var scheme = new org.apache.hadoop.fs.Path(root).toUri().getScheme();
        return scheme == null || scheme.equalsIgnoreCase("file");
    }

    /** The local directory of a {@code file:} root or a plain path, the one Hadoop writes the manifest under. */
    static Path localPath(String root) {
        return Path.of(new org.apache.hadoop.fs.Path(root).toUri().getPath());
    }

    /** @param remoteTime {@code -R}: a staged file's time (the server's) goes with it to its target */
    static Placement open(String root, Map<String, String> hadoopConf, Path stagingDir, boolean remoteTime) {
        if (isLocal(root)) {
            return new InPlace(localPath(root).toAbsolutePath());
        }
        var conf = new Configuration(false);
        hadoopConf.forEach(conf::set);
        try {
            var target = new org.apache.hadoop.fs.Path(root);
            return new Staged(target.getFileSystem(conf), target, Files.createDirectories(stagingDir).toAbsolutePath(),
                    remoteTime);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open output root " + root + ": " + e.getMessage(), e);
        }
    }

    static final class InPlace extends Placement {
        private final Path root;

        InPlace(Path root) {
            this.root = root;
        }

        @Override
        Path localRoot() {
            return root;
        }

        @Override
        Outcome commit(Outcome outcome) {
            return outcome;
        }
    }

    static final class Staged extends Placement {
        private final FileSystem fs;
        private final org.apache.hadoop.fs.Path root;
        private final Path staging;
        private final boolean remoteTime;

        Staged(FileSystem fs, org.apache.hadoop.fs.Path root, Path staging, boolean remoteTime) {
            this.fs = fs;
            this.root = root;
            this.staging = staging;
            this.remoteTime = remoteTime;
        }

        @Override
        Path localRoot() {
            return staging;
        }

        @Override
        Outcome commit(Outcome outcome) {
            if (!outcome.outcome().equals(Outcome.DOWNLOADED)) {
                return outcome;
            }
            var local = outcome.localFile();
            var rel = relative(outcome);
            var target = new org.apache.hadoop.fs.Path(root, rel);
            var temp = new org.apache.hadoop.fs.Path(target.getParent(), "." + target.getName() + ".loomget-tmp");
            try {
                long modified = Files.getLastModifiedTime(local).toMillis(); // the copy removes the local file
                fs.copyFromLocalFile(true, true, new org.apache.hadoop.fs.Path(local.toUri()), temp);
                if (fs.exists(target)) {
                    fs.delete(target, false); // an earlier task attempt's copy of the same URL
                }
                if (!fs.rename(temp, target)) {
                    throw new IOException("rename to " + target + " refused");
                }
                if (remoteTime) {
                    fs.setTimes(target, modified, -1); // object stores ignore it: their time is the upload's
                }
                return outcome;
            } catch (IOException e) {
                try {
                    fs.delete(temp, false); // never leave a half-copied temporary beside the target
                } catch (IOException ignored) {
                    // the temporary's name is hidden and fixed: the next attempt overwrites it
                }
                return outcome.failedAfter("cannot copy to " + target + ": " + e.getMessage());
            }
        }

        @Override
        public void close() {
            try (Stream<Path> files = Files.walk(staging)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // the executor's scratch space; Spark removes it with the application anyway
            }
        }
    }
}
