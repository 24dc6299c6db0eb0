package io.loomget.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The manifest's {@code attempts}: a file's first request sent again is an attempt too. */
@Timeout(180)
class AttemptsTest extends OnLocalSpark {

    @TempDir
    Path tmp;

    @Test
    void aSmallFileWhoseOnlyRequestFailedOnceHasTwoAttempts() throws Exception {
        server.add("/once.bin", Content.generated(3_000, 1));
        server.behave("/once.bin", Behaviour.builder().failFirst(1, 500).build());
        server.add("/never.bin", Content.generated(3_000, 2));
        server.behave("/never.bin", Behaviour.builder().status(500).build());
        var input = Files.write(tmp.resolve("links.txt"),
                List.of(server.uri("/once.bin").toString(), server.uri("/never.bin").toString()));
        var root = tmp.resolve("out");

        DownloadJob.run(spark, JobOptions.parse("--retries", "2", "--retry-wait", "0.01", input.toString(), root.toString()));

        var rows = Manifest.latest(spark, root.toString()).collectAsList();
        for (var row : rows) {
            var url = row.<String>getAs("url");
            assertEquals(url.endsWith("/once.bin") ? "downloaded" : "failed", row.getAs("outcome"), url);
            assertEquals(url.endsWith("/once.bin") ? 2 : 3, row.<Integer>getAs("attempts"), url);
        }
        assertEquals(2, rows.size());
    }
}
