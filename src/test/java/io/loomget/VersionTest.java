package io.loomget;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VersionTest {

    @Test
    void aJvmWithEnablePreviewCanRunTheEngine() {
        assertDoesNotThrow(Version::requireRuntime);
    }

    @Test
    void aJvmWithoutEnablePreviewIsRefusedBeforeAnyDownload() throws Exception {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                RequireRuntimeMain.class.getName())).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertTrue(output.startsWith("refused: java.lang.UnsupportedClassVersionError"), output);
        assertTrue(output.contains("Preview features are not enabled"), output);
    }

    /** Checks the runtime in a JVM started without --enable-preview. */
    public static final class RequireRuntimeMain {
        public static void main(String[] args) {
            try {
                Version.requireRuntime();
                System.out.println("passed");
            } catch (UnsupportedClassVersionError e) {
                System.out.println("refused: " + e);
            }
        }
    }
}
