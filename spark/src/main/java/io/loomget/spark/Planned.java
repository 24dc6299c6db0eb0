package io.loomget.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One URL as a partition downloads it, with its final path decided on the driver.
 *
 * @param host the partitioning key: {@code host} or {@code host:port}, lower case
 * @param path the file's path relative to the output root, unique in the job
 */
public record Planned(String url, String host, String path, String checksum, Integer connections,
                      Map<String, String> headers, List<String> mirrors) implements Serializable {

    public Planned {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        mirrors = mirrors == null ? List.of() : List.copyOf(mirrors);
    }
}
