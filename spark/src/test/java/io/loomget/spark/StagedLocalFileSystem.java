package io.loomget.spark;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under another scheme ({@code staged:}), so that the job treats it as a remote
 * Hadoop FileSystem (HDFS, S3) and stages files before copying them over.
 */
public class StagedLocalFileSystem extends RawLocalFileSystem {

    static final String SCHEME = "staged";

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }
}
