package io.loomget.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.Checksum;
import io.loomget.testsupport.Prerequisites;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Digests by the system's libcrypto: the JDK's bytes exactly, and only where the JVM allows native access. */
class NativeDigestTest {

    @TempDir
    Path dir;

    private Path file(int size) throws Exception {
        var bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(dir.resolve(size + ".bin"), bytes);
    }

    private static byte[] jdk(String algorithm, Path file) throws Exception {
        return MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(file));
    }

    /** OpenSSL's libcrypto on this machine (Debian's libssl3, which openssl and curl bring). */
    private static void requireLibcrypto() {
        Prerequisites.require("OpenSSL's libcrypto (libcrypto.so.3: apt-get install libssl3)", NativeDigest.available());
    }

    @Test
    void theTestJvmWithNativeAccessUsesLibcrypto() {
        // The build's test JVMs run with --enable-native-access=ALL-UNNAMED, as Spark's launcher starts executors.
        assertTrue(NativeDigest.class.getModule().isNativeAccessEnabled(), "the test JVM lacks --enable-native-access");
        requireLibcrypto();
        assertTrue(NativeDigest.available());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 16 * 1024, 64 * 1024, 64 * 1024 + 1, 1_000_003})
    void everyAlgorithmGivesTheJdksDigestWhateverTheSize(int size) throws Exception {
        requireLibcrypto();
        var file = file(size);
        for (var algorithm : List.of("SHA-256", "SHA-1", "SHA-512", "MD5")) {
            assertArrayEquals(jdk(algorithm, file), NativeDigest.digest(algorithm, file), algorithm + " of " + size + " bytes");
        }
    }

    @Test
    void aMissingFileIsAnErrorNamingIt() {
        requireLibcrypto();
        var missing = dir.resolve("missing.bin");
        var e = assertThrows(NoSuchFileException.class, () -> NativeDigest.digest("SHA-256", missing));
        assertTrue(e.getMessage().contains("missing.bin"), e.getMessage());
    }

    @Test
    void withoutNativeAccessTheJdkComputesItAndNothingIsPrinted() throws Exception {
        requireLibcrypto();
        var file = file(20_000);
        var expected = HexFormat.of().formatHex(jdk("SHA-256", file));
        assertEquals("false " + expected, run(file));
        assertEquals("true " + expected, run(file, "--enable-native-access=ALL-UNNAMED"));
        assertEquals("false " + expected, run(file, "--enable-native-access=ALL-UNNAMED",
                "-D" + NativeDigest.PROPERTY + "=false"));
    }

    /** What {@link DigestMain} prints (stdout and stderr together) in a JVM started with {@code options}. */
    private static String run(Path file, String... options) throws Exception {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-preview");
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DigestMain.class.getName(), file.toString()));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes()).strip();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return output;
    }

    /** Prints whether libcrypto is used, then the file's SHA-256 as the public API computes it. */
    public static final class DigestMain {
        public static void main(String[] args) throws Exception {
            System.out.println(NativeDigest.available() + " " + Checksum.hexDigest("sha-256", Path.of(args[0])));
        }
    }
}
