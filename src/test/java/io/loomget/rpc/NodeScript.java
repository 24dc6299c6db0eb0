package io.loomget.rpc;

import io.loomget.testsupport.Prerequisites;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A script of the Node project in {@code src/test/node} (third-party clients: the npm {@code aria2}
 * package, Playwright), run as a process against a daemon. The script asserts the protocol itself and
 * exits non-zero at the first difference; its transcript (every call and answer) is kept in a file.
 */
record NodeScript(String name) {

    static Path project() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "src", "test", "node").toAbsolutePath();
    }

    /** Fails (under CI) or skips when node or the project's modules are missing. */
    static void requireInstalled() {
        Prerequisites.require("node (Node.js 18+)", Daemon.onPath("node"));
        Prerequisites.require("the Node test project's modules (npm ci --prefix src/test/node)",
                Files.isDirectory(project().resolve("node_modules/aria2")));
    }

    /** Runs the script with {@code args} and {@code env}; returns its transcript, failing with it unless it exits 0. */
    String run(Map<String, String> env, Path transcript, Duration timeout, String... args) throws IOException, InterruptedException {
        requireInstalled();
        var command = new ArrayList<>(List.of("node", project().resolve(name).toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).directory(project().toFile()).redirectErrorStream(true)
                .redirectOutput(transcript.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        var process = builder.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " " + String.join(" ", args) + " did not finish in " + timeout.toSeconds()
                        + " s; transcript:\n" + Files.readString(transcript));
            }
        } finally {
            process.destroyForcibly();
        }
        var out = Files.readString(transcript);
        if (process.exitValue() != 0) {
            throw new AssertionError(name + " " + String.join(" ", args) + " failed (exit " + process.exitValue()
                    + "); transcript:\n" + out);
        }
        return out;
    }
}
