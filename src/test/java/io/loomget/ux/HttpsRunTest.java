package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code src/dist/https-run.sh}, which both launchers source: which runs start from the start-up cache
 * that holds the TLS classes, run in a real bash on loomget's own arguments.
 */
@Timeout(60)
class HttpsRunTest {

    private static final SourcedScript SCRIPT = SourcedScript.of("src/dist/https-run.sh");

    @TempDir
    Path dir;

    private static boolean httpsRun(String... args) throws IOException, InterruptedException {
        return SCRIPT.run("https_run \"$@\" && echo https || echo plain", args).strip().equals("https");
    }

    @Test
    void anHttpsUrlAmongTheArgumentsIsAnHttpsRun() throws Exception {
        assertTrue(httpsRun("-x4", "https://example.org/a.iso"));
        assertTrue(httpsRun("http://example.org/a", "HTTPS://example.org/b"));
        assertTrue(httpsRun("--", "https://example.org/-a"));
    }

    @Test
    void plainUrlsAndAnHttpsProxyAreNot() throws Exception {
        assertFalse(httpsRun("http://example.org/a", "http://example.org/b"));
        assertFalse(httpsRun("--all-proxy=https://proxy.example:3128", "http://example.org/a"));
        assertFalse(httpsRun("--version"));
    }

    @Test
    void theDaemonIsAnHttpsRun() throws Exception {
        assertTrue(httpsRun("--enable-rpc"));
        assertTrue(httpsRun("--enable-rpc", "--rpc-listen-port=6800"));
    }

    @Test
    void aLinksFileWithAnHttpsUrlNearItsStartIsAnHttpsRun() throws Exception {
        var file = dir.resolve("links.txt");
        Files.writeString(file, "http://example.org/a\n  out=a.bin\nhttps://example.org/b\n");

        assertTrue(httpsRun("-j64", "--input-file", file.toString()));
    }

    @Test
    void aLinksFileWhoseFirst64KiBArePlainIsNot() throws Exception {
        var file = dir.resolve("links.txt");
        var plain = IntStream.range(0, 4_000).mapToObj(i -> "http://example.org/file-" + i + ".bin").toList();
        Files.write(file, plain);
        assertTrue(Files.size(file) > 65_536);
        Files.writeString(file, "https://example.org/late.bin\n", java.nio.file.StandardOpenOption.APPEND);

        assertFalse(httpsRun("-i", file.toString()));
    }

    @Test
    void stdinIsNotLookedAt() throws Exception {
        assertFalse(httpsRun("-i", "-"));
    }
}
