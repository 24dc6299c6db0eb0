package io.loomget.spark;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PreviewCheckTest {

    @Test
    void aJvmWithEnablePreviewPasses() {
        assertDoesNotThrow(() -> PreviewCheck.require("driver"));
    }

    @Test
    void aJvmWithoutEnablePreviewIsToldWhatToAdd() throws Exception {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                PreviewCheckMain.class.getName())).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertTrue(output.contains("loomget needs --enable-preview on the executor"), output);
        assertTrue(output.contains("spark.executor.extraJavaOptions=--enable-preview"), output);
    }

    /** Runs the check in a JVM started without --enable-preview. */
    public static final class PreviewCheckMain {
        public static void main(String[] args) {
            try {
                PreviewCheck.require("executor");
                System.out.println("passed");
            } catch (IllegalStateException e) {
                System.out.println(e.getMessage());
            }
        }
    }
}
