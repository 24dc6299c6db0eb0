package io.loomget.ux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The {@code ./loomget} launcher script of this checkout, as a user runs it. */
final class Launcher {

    private Launcher() {}

    /** The absolute path of the launcher (surefire runs the tests in the project directory). */
    static Path path() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("loomget").toAbsolutePath();
    }

    /**
     * Runs {@code loomget --version} once, so that the launcher builds {@code target/loomget.jar} and
     * its start-up cache now (that takes a while, and prints to the terminal) rather than in a test's pane.
     */
    static void ensureBuilt(Path scratch) throws IOException, InterruptedException {
        var log = Files.createTempFile(scratch, "launcher", ".log");
        var p = new ProcessBuilder(path().toString(), "--version")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("./loomget --version did not finish in 5 minutes: " + Files.readString(log));
        }
        var out = Files.readString(log);
        if (p.exitValue() != 0 || !out.contains("loomget ")) {
            throw new AssertionError("./loomget --version failed (exit " + p.exitValue() + "): " + out);
        }
    }
}
