package io.loomget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.internal.io.NativeDigest;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checksum stops when its thread is interrupted, by the JDK's digest as by OpenSSL's: a big file
 * takes seconds, and Ctrl-C must not wait for it. The command line computes it with the JDK's (it
 * grants no native access), whose file stream ignores interrupts; this JVM uses OpenSSL's where it can,
 * so the JDK's is tried in a JVM of its own.
 */
@Timeout(60)
class ChecksumInterruptTest {

    @TempDir
    Path tmp;

    @Test
    void anInterruptedThreadGetsNoDigestFromThisJvm() throws Exception {
        var file = Files.write(tmp.resolve("f.bin"), new byte[1 << 20]);

        Thread.currentThread().interrupt();
        try {
            assertThrows(ClosedByInterruptException.class, () -> Checksum.hexDigest("sha-256", file));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void anInterruptedThreadGetsNoDigestFromTheJdksDigest() throws Exception {
        var file = Files.write(tmp.resolve("f.bin"), new byte[1 << 20]);
        var out = tmp.resolve("child.out");

        var child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "--enable-preview",
                "-Dloomget.native-digest=false", "-cp", System.getProperty("java.class.path"),
                InterruptedDigest.class.getName(), file.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();

        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(List.of("JDK digest: interrupted"), Files.readAllLines(out, StandardCharsets.UTF_8));
    }

    /** In a JVM without OpenSSL's digest: says whether an interrupted thread got a digest of the file. */
    static final class InterruptedDigest {
        public static void main(String[] args) throws Exception {
            var which = NativeDigest.available() ? "native digest" : "JDK digest";
            Thread.currentThread().interrupt();
            try {
                Checksum.hexDigest("sha-256", Path.of(args[0]));
                System.out.println(which + ": a digest");
            } catch (ClosedByInterruptException e) {
                System.out.println(which + ": interrupted");
            }
        }
    }
}
