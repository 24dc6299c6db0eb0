package io.loomget.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class OldGenerationCeilingTest {

    private static final long MIB = 1L << 20;

    @Test
    void theNextCeilingIsTheFirstOneOrTheLiveDataPlusTheHeadroom() {
        assertEquals(20 * MIB, OldGenerationCeiling.next(20 * MIB, 4 * MIB, 40 * MIB));
        assertEquals(14 * MIB + OldGenerationCeiling.HEADROOM, OldGenerationCeiling.next(20 * MIB, 14 * MIB, 40 * MIB));
    }

    @Test
    void theCeilingStepsAsideWhenTheLiveDataLeavesLessThanTheHeadroom() {
        assertEquals(0, OldGenerationCeiling.next(20 * MIB, 40 * MIB - OldGenerationCeiling.HEADROOM, 40 * MIB));
    }

    @Test
    void underSerialTheOldGenerationIsCollectedAtItsCeilingInsteadOfFillingUp(@TempDir Path tmp) throws Exception {
        var with = promote(tmp, true);
        assertTrue(with.log().contains("Pause Full (System.gc())"), with.log());
        assertTrue(with.peakOld() < with.maxOld() * 0.85, with.out() + with.log()); // the ceiling is at half
        // Not vacuous: the same work without the ceiling fills the old generation before Serial collects it.
        var without = promote(tmp, false);
        assertTrue(without.peakOld() > without.maxOld() * 0.85, without.out() + without.log());
        assertFalse(without.log().contains("System.gc()"), without.log());
    }

    @Test
    void underAnotherCollectorNothingIsInstalled() throws Exception {
        assertEquals("Tenured Gen", run("-XX:+UseSerialGC", Installer.class).strip());
        assertEquals("", run("-XX:+UseParallelGC", Installer.class).strip());
        assertEquals("", run("-XX:+UseG1GC", Installer.class).strip());
    }

    private record Run(String log, String out, long peakOld, long maxOld) {}

    /** Runs {@link Promoter} in a JVM with the launcher's collector and a small heap. */
    private static Run promote(Path tmp, boolean ceiling) throws IOException, InterruptedException {
        var log = tmp.resolve("gc-" + ceiling + ".log");
        var out = run("-XX:+UseSerialGC -Xms40m -Xmx40m -Xmn6m -XX:SurvivorRatio=2 -Xlog:gc:file=" + log, Promoter.class,
                String.valueOf(ceiling));
        var fields = out.strip().split(" ");
        return new Run(Files.readString(log), out, Long.parseLong(fields[0]), Long.parseLong(fields[1]));
    }

    /** The output of {@code main} run in a JVM of its own with these options; it must exit 0. */
    private static String run(String options, Class<?> main, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(options.split(" ")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        return out;
    }

    /** Installs the ceiling and prints the heap pools that got a usage threshold, one a line. */
    static final class Installer {
        public static void main(String[] args) {
            OldGenerationCeiling.install();
            ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.isUsageThresholdSupported() && p.getUsageThreshold() > 0)
                    .forEach(p -> System.out.println(p.getName()));
        }
    }

    /**
     * Allocates 64 KiB buffers and keeps the last 64 alive (4 MiB, more than a survivor space: every
     * young collection promotes some), 256 MiB in all, each buffer digested as a downloader's
     * buffers are written (young collections some milliseconds apart, as in a download,
     * not back to back); prints the old generation's peak and maximum.
     */
    static final class Promoter {
        public static void main(String[] args) throws InterruptedException, NoSuchAlgorithmException {
            if (Boolean.parseBoolean(args[0])) {
                OldGenerationCeiling.install();
                Thread.ofVirtual().start(() -> { }).join(); // the collecting thread's scheduler, started
            }
            var ring = new byte[64][];
            var digest = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < 4096; i++) {
                var buffer = new byte[64 << 10];
                buffer[i % buffer.length] = (byte) i;
                for (int pass = 0; pass < 4; pass++) {
                    digest.update(buffer);
                }
                ring[i % ring.length] = buffer;
            }
            var old = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getName().equals("Tenured Gen")).findFirst().orElseThrow();
            System.out.println(old.getPeakUsage().getUsed() + " " + old.getUsage().getMax());
        }
    }
}
