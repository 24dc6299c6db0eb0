package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Content;
import io.loomget.testsupport.OnRangeServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code LANG=C}: the JVM writes file names in the locale's character set, ASCII there, so a name
 * such as {@code 名前.bin} cannot be saved. The failure says so, and what to do, in words.
 */
class AsciiLocaleTest extends OnRangeServer {

    @Test
    void aNameTheLocaleCannotWriteFailsWithTheFixInWords() throws Exception {
        server.add("/名前.bin", Content.generated(1000, 3));
        var url = "http://127.0.0.1:" + server.port() + "/%E5%90%8D%E5%89%8D.bin";

        var result = Subprocess.run(dir, Map.of("LANG", "C", "LC_ALL", "C"), List.of("--json", "-d", dir.resolve("out").toString(), url));

        assertEquals(1, result.exit(), result::all);
        var failed = JsonLines.parse(result.out()).getFirst();
        assertEquals("local-write", failed.get("reason"), result::all);
        assertTrue(((String) failed.get("error")).contains("run with a UTF-8 locale (LANG=C.UTF-8)"), result::all);
    }
}
