package io.loomget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Settings validate themselves: a library caller gets the same refusals the command line does. */
class SettingsTest {

    @Test
    void defaultsBuildAndAreTheDocumentedOnes() {
        var settings = Settings.builder().build();

        assertEquals(Settings.DEFAULT_FILES_AT_ONCE, settings.filesAtOnce());
        assertEquals(Settings.DEFAULT_CONNECTIONS, settings.connectionsPerFile());
        assertEquals(Settings.DEFAULT_CONNECTIONS, settings.effectiveSplits());
        assertEquals(ThreadKind.VIRTUAL, settings.threads());
        assertEquals(Duration.ofSeconds(60), settings.idleTimeout());
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                refused("filesAtOnce (-j)", b -> b.filesAtOnce(0)),
                refused("connectionsPerFile (-x)", b -> b.connectionsPerFile(-1)),
                refused("splits (-s)", b -> b.splits(-2)),
                refused("minSplitSize (-k)", b -> b.minSplitSize(0)),
                refused("maxConnectionsPerHost", b -> b.maxConnectionsPerHost(-1)),
                refused("limitRate (--limit-rate)", b -> b.limitRate(-5)),
                refused("connectTimeout (--connect-timeout)", b -> b.connectTimeout(Duration.ZERO)),
                refused("idleTimeout (--timeout)", b -> b.idleTimeout(Duration.ofSeconds(-1))),
                refused("header 'Host'", b -> b.header("Host", "example.org")),
                refused("header 'Bad Name'", b -> b.header("Bad Name", "x")),
                refused("proxy (--proxy)", b -> b.proxy("ftp://proxy:21")),
                refused("credentials (--user)", b -> b.credentials("alice")),
                refused("caCertificate (--ca-certificate): cannot read /nonexistent/ca.pem (no such file)",
                        b -> b.caCertificate(java.nio.file.Path.of("/nonexistent/ca.pem"))),
                refused("caCertificate (--ca-certificate): no PEM certificate", b -> b.caCertificate(notPem())),
                refused("certificate (--certificate): no PEM certificate", b -> b.certificate(notPem())),
                refused("privateKey (--private-key) needs certificate (--certificate)",
                        b -> b.privateKey(java.nio.file.Path.of("key.pem"))));
    }

    /** A file that exists but holds no PEM block. */
    private static java.nio.file.Path notPem() {
        try {
            var file = java.nio.file.Files.createTempFile("loomget-not-pem", ".txt");
            file.toFile().deleteOnExit();
            return java.nio.file.Files.writeString(file, "not a certificate\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Arguments refused(String named, UnaryOperator<Settings.Builder> change) {
        return Arguments.of(named, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void buildRefusesAValueThatCannotWorkAndNamesTheSetting(String named, UnaryOperator<Settings.Builder> change) {
        var e = assertThrows(IllegalArgumentException.class, () -> change.apply(Settings.builder()).build());

        assertTrue(e.getMessage().startsWith(named), e::getMessage);
    }

    @Test
    void moreRangesThanMaxRangesAreRefusedNamingTheSetting() {
        // -s 2147483647 -k 1 planned a range per byte: OutOfMemoryError out of Batch.run on a 200 MB file.
        var splits = assertThrows(IllegalArgumentException.class,
                () -> Settings.builder().splits(Integer.MAX_VALUE).minSplitSize(1).build());
        assertEquals("splits (-s) must be at most 65536, got 2147483647", splits.getMessage());
        var connections = assertThrows(IllegalArgumentException.class,
                () -> Settings.builder().connectionsPerFile(Settings.MAX_RANGES + 1).build());
        assertEquals("connectionsPerFile (-x) must be at most 65536, got 65537", connections.getMessage());
        assertEquals(Settings.MAX_RANGES, Settings.builder().splits(Settings.MAX_RANGES).build().effectiveSplits());
    }

    @Test
    void saveCookiesToTheRootDirectoryIsRefusedNamingTheSetting() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Settings.builder().saveCookies(java.nio.file.Path.of("/")).build());

        assertEquals("saveCookies (--save-cookies) must name a file, got /", e.getMessage());
    }

    @Test
    void retryPolicyRefusesNegativeRetries() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(-1, Duration.ofMillis(500), Duration.ofSeconds(30)));

        assertTrue(e.getMessage().startsWith("retries (--retries)"), e::getMessage);
    }
}
