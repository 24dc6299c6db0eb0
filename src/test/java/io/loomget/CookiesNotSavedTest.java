package io.loomget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.loomget.server.Content;
import io.loomget.testsupport.OnRangeServer;
import io.loomget.testsupport.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link Settings#saveCookies()} written after the downloads: when that fails, the outcomes were handed over first. */
class CookiesNotSavedTest extends OnRangeServer {

    private static final Content FILE = Content.generated(20_000, 71);

    @Test
    void aCookieFileThatCannotBeWrittenFailsTheRunAfterItsOutcomesWereHandedOver() throws Exception {
        server.add("/f.bin", FILE);
        var jars = Files.createDirectories(dir.resolve("jars"));
        var jar = jars.resolve("jar.txt");
        var settings = Settings.builder().outputDir(dir).saveCookies(jar).build();
        // The jar's directory goes away while the run is on: the write at its end cannot succeed.
        DownloadListener removeJars = event -> {
            if (event instanceof DownloadEvent.FileFinished) {
                try {
                    Files.delete(jars);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        var results = new CopyOnWriteArrayList<FileResult>();

        var e = assertThrows(CookiesNotSavedException.class, () -> new Batch(settings, removeJars)
                .run(List.of(DownloadRequest.of(server.uri("/f.bin"))).iterator(), results::add));

        assertEquals(jar, e.file());
        assertEquals("cannot save cookies to " + jar, e.getMessage());
        assertInstanceOf(FileResult.Downloaded.class, results.getFirst());
        assertEquals(FILE.sha256Hex(), Sha256.of(dir.resolve("f.bin")));
    }
}
