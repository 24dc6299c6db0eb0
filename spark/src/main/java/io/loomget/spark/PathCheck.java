package io.loomget.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The input and the output root, checked on the driver before any stage starts, so that a typo or a
 * missing permission is one line naming the path instead of a Spark stack trace from deep in a job.
 */
final class PathCheck {

    private static final String PROBE = "_loomget-write-check";

    private PathCheck() {}

    /**
     * Throws {@link JobRefused} unless {@code input} names a file (or a directory of files) this driver
     * can read; for {@code --format parquet}, its first file must be Parquet (Spark reads the footers in a
     * job of its own, and a text file there is an executor's stack trace, not a line naming the file).
     */
    static void readableInput(Configuration conf, String input, String format) {
        var path = new Path(input);
        try {
            var fs = path.getFileSystem(conf);
            var matches = fs.globStatus(path);
            if (matches == null || matches.length == 0) {
                throw new JobRefused("input " + input + ": no such file or directory");
            }
            var first = firstFile(fs, matches);
            if (first == null) {
                throw new JobRefused("input " + input + ": no files in it");
            }
            try (var in = fs.open(first.getPath())) {
                if (format.equals("parquet") && !isParquet(in, first.getLen())) {
                    // In a directory, name the file that is not.
                    var which = matches.length == 1 && matches[0].isFile() ? "" : first.getPath() + " ";
                    throw new JobRefused("input " + input + ": " + which + "is not a Parquet file (--format parquet,"
                            + " or a .parquet name); a text list needs --format links");
                }
            }
        } catch (IOException e) {
            throw new JobRefused("input " + input + ": cannot read it: " + oneLine(e), e);
        }
    }

    /** The input's size in bytes (all files it names), to size the job's shuffles. */
    static long inputBytes(Configuration conf, String input) {
        var path = new Path(input);
        try {
            var fs = path.getFileSystem(conf);
            long bytes = 0;
            for (var status : fs.globStatus(path)) {
                bytes += fs.getContentSummary(status.getPath()).getLength();
            }
            return bytes;
        } catch (IOException e) {
            throw new JobRefused("input " + input + ": cannot read it: " + oneLine(e), e);
        }
    }

    /**
     * Creates the output root if needed and writes (then removes) one probe file in it; returns the
     * root qualified on the driver (scheme, and a relative root made absolute against the driver's
     * working directory), the one the manifest is written under: an executor resolving a relative
     * root against its own working directory (a Worker's application directory) would write the
     * files somewhere else.
     */
    static String writableRoot(Configuration conf, String root) {
        var path = new Path(root);
        try {
            var fs = path.getFileSystem(conf);
            path = fs.makeQualified(path);
            if (fs.exists(path) && !fs.getFileStatus(path).isDirectory()) {
                throw new JobRefused("output root " + root + " is a file, not a directory");
            }
            if (!fs.mkdirs(path)) {
                throw new JobRefused("output root " + root + ": cannot create it");
            }
            var probe = new Path(path, PROBE);
            fs.create(probe, true).close();
            fs.delete(probe, false);
            return path.toString();
        } catch (IOException e) {
            throw new JobRefused("output root " + root + ": cannot write to it: " + oneLine(e), e);
        }
    }

    /** Parquet files begin and end with "PAR1" (the end "PARE" when the footer is encrypted). */
    private static boolean isParquet(FSDataInputStream in, long length) throws IOException {
        if (length < 12) {
            return false;
        }
        var head = new byte[4];
        var tail = new byte[4];
        in.readFully(0, head);
        in.readFully(length - 4, tail);
        var end = new String(tail, StandardCharsets.US_ASCII);
        return new String(head, StandardCharsets.US_ASCII).equals("PAR1") && (end.equals("PAR1") || end.equals("PARE"));
    }

    /**
     * The first data file among the matches by path (Spark and Hadoop skip names starting with '_' or
     * '.'): the same one whatever order the file system lists a directory in.
     */
    private static FileStatus firstFile(FileSystem fs, FileStatus[] matches) throws IOException {
        Arrays.sort(matches, Comparator.comparing(FileStatus::getPath));
        for (var status : matches) {
            if (status.isFile()) {
                return status;
            }
            var inside = Arrays.stream(fs.listStatus(status.getPath()))
                    .filter(s -> !s.getPath().getName().startsWith("_") && !s.getPath().getName().startsWith("."))
                    .toArray(FileStatus[]::new);
            var found = firstFile(fs, inside);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String oneLine(IOException e) {
        var message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
