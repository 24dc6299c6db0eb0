package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.Poll;
import io.loomget.testsupport.RangeServerExtension;
import io.loomget.testsupport.Sha256;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The input is read as the run goes, not first held whole: a list from a pipe starts before it ends. */
@ExtendWith(RangeServerExtension.class)
@Timeout(60)
class StreamedInputTest {

    static final Content FIRST = Content.generated(20_000, 71);
    static final Content SECOND = Content.generated(30_000, 72);

    @TempDir
    Path dir;

    @Test
    void aListFromStdinIsDownloadedAsItArrives(RangeServer server) throws Exception {
        server.add("/first.bin", FIRST).add("/second.bin", SECOND);
        var out = dir.resolve("out");
        var pipe = new PipedOutputStream();
        InputStream stdin = System.in;
        try {
            System.setIn(new PipedInputStream(pipe, 4096));
            var run = CompletableFuture.supplyAsync(() -> Cli.run("-i", "-", "-d", out.toString()));
            pipe.write((server.uri("/first.bin") + "\nnot a url\n").getBytes(StandardCharsets.UTF_8));
            pipe.flush();

            Poll.await("the first file, while the list is still open", Duration.ofSeconds(30),
                    () -> Files.exists(out.resolve("first.bin")));
            pipe.write((server.uri("/second.bin") + "\n").getBytes(StandardCharsets.UTF_8));
            pipe.close();
            var result = run.get();

            assertEquals(1, result.exit(), result::all);
            assertTrue(result.err().contains("stdin:2"), result::all);
            assertTrue(result.out().contains("2 downloaded, 0 not found, 1 failed"), result::all);
            assertEquals(FIRST.sha256Hex(), Sha256.of(out.resolve("first.bin")));
            assertEquals(SECOND.sha256Hex(), Sha256.of(out.resolve("second.bin")));
        } finally {
            System.setIn(stdin);
        }
    }
}
