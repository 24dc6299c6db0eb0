package io.loomget.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The daemon's flags as picocli reads them: aria2's names and defaults, the secret from a file, the combinations refused. */
class RpcOptionsTest {

    @TempDir
    Path tmp;

    private static DaemonConfig parse(String... args) {
        var options = new RpcOptions();
        new CommandLine(options).parseArgs(args);
        return options.config();
    }

    @Test
    void aria2sDefaults() {
        var config = parse("--enable-rpc");
        assertEquals(6800, config.port());
        assertEquals(2L << 20, config.maxRequestSize());
        assertEquals(false, config.listenAll());
        assertEquals(false, config.allowOriginAll());
        assertNull(config.saveSession());
        assertTrue(config.saveSessionInterval().isZero());
    }

    @Test
    void booleansTakeAria2sOptionalValue() {
        assertEquals(true, parse("--enable-rpc=true", "--rpc-allow-origin-all=true").allowOriginAll());
        assertEquals(false, parse("--rpc-allow-origin-all=false").allowOriginAll());
    }

    @Test
    void theSecretComesFromTheFirstLineOfAFile() throws Exception {
        var file = Files.writeString(tmp.resolve("secret"), "hidden\nnot this\n");
        assertEquals("hidden", parse("--rpc-secret-file", file.toString()).secret());
    }

    @Test
    void anUnreadableSecretFileIsAUsageErrorNamingIt() {
        var missing = tmp.resolve("nope");
        var e = assertThrows(IllegalArgumentException.class, () -> parse("--rpc-secret-file", missing.toString()));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void aSecretFileWhoseFirstLineIsEmptyIsAUsageErrorNamingIt() throws Exception {
        for (var content : new String[] {"", "\n\nsecret on line 3\n", "   \n"}) {
            var file = Files.writeString(tmp.resolve("secret"), content);
            var e = assertThrows(IllegalArgumentException.class, () -> parse("--rpc-secret-file", file.toString()));
            assertEquals("--rpc-secret-file " + file + ": its first line is empty; put the secret there", e.getMessage());
        }
    }

    @Test
    void anEmptySecretIsAUsageErrorNotADaemonWithoutOne() {
        var e = assertThrows(IllegalArgumentException.class, () -> parse("--rpc-secret", ""));
        assertEquals("--rpc-secret is empty: give the secret, or leave the option out for none", e.getMessage());
    }

    @Test
    void aSecretGivenTwiceIsAUsageError() throws Exception {
        var file = Files.writeString(tmp.resolve("secret"), "hidden\n");
        var e = assertThrows(IllegalArgumentException.class,
                () -> parse("--rpc-secret", "other", "--rpc-secret-file", file.toString()));
        assertTrue(e.getMessage().startsWith("give the secret once"), e.getMessage());
    }

    @Test
    void listenAllNeedsASecret() {
        var e = assertThrows(IllegalArgumentException.class, () -> parse("--rpc-listen-all"));
        assertTrue(e.getMessage().startsWith("--rpc-listen-all needs a secret"), e.getMessage());
        assertEquals("x", parse("--rpc-listen-all", "--rpc-secret", "x").secret());
    }

    @Test
    void aRequestSizeThatIsNotASizeIsAUsageErrorNamingTheOption() {
        var e = assertThrows(IllegalArgumentException.class, () -> parse("--rpc-max-request-size", "lots"));
        assertTrue(e.getMessage().startsWith("--rpc-max-request-size: 'lots' is not a size"), e.getMessage());
        assertEquals(512L << 10, parse("--rpc-max-request-size", "512K").maxRequestSize());
    }
}
