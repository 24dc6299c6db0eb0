package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which Java the {@code ./loomget} launcher runs: JAVA_HOME's when it is 25 or newer (told by its
 * {@code release} file), else another one it finds; a JDK too old is passed over. And its start-up cache.
 */
@Timeout(300)
class LauncherJavaTest {

    /** The JDK 25 running the tests: the one the launcher falls back to. */
    private static final Path REAL_JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @TempDir
    static Path dir;

    @BeforeAll
    static void built() throws IOException, InterruptedException {
        Launcher.ensureBuilt(dir);
    }

    /** A JAVA_HOME of {@code version} (its release file) whose java says so on stderr, then runs the real one. */
    private static Path javaHome(String name, String version) throws IOException {
        var home = Files.createDirectories(dir.resolve(name));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        var java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"java of " + name + " ran\" >&2\nexec " + REAL_JAVA + " \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private static String version(Path javaHome) throws IOException, InterruptedException {
        var pb = new ProcessBuilder(Launcher.path().toString(), "--version").redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", javaHome.toString());
        var p = pb.start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not finish");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void theStartUpCacheIsMade() throws IOException {
        var cache = Launcher.path().resolveSibling("target").resolve("loomget.aot");
        assertTrue(Files.isRegularFile(cache) && Files.size(cache) > 1 << 20,
                "the launcher's training run made no AOT cache (" + cache + ")");
    }

    @Test
    void javaHomeOfJava25IsTheOneThatRuns() throws IOException, InterruptedException {
        var out = version(javaHome("jdk25", "25.0.3"));
        assertTrue(out.contains("java of jdk25 ran"), out);
        assertTrue(out.contains("loomget "), out);
    }

    @Test
    void javaHomeOfAnOlderJavaIsPassedOverForOneThatIs25OrNewer() throws IOException, InterruptedException {
        var out = version(javaHome("jdk17", "17.0.13"));
        assertFalse(out.contains("java of jdk17 ran"), out);
        assertTrue(out.contains("Java 2"), out); // a JDK of 25 or newer, found on PATH or under /usr/lib/jvm
    }
}
