package io.loomget.ux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs loomget in its own JVM, for what only a process has: its own environment ({@code http_proxy},
 * {@code no_proxy}). The command is the one the launcher execs, {@code java --enable-preview ...
 * io.loomget.cli.Main}, on the classes this build compiled (the launcher would rebuild its jar with
 * Maven while Maven runs the tests). Output goes to files, never to a pipe that could fill.
 */
final class Subprocess {

    private Subprocess() {}

    /** A loomget process started with its stdin a pipe the test writes to; its output goes to files. */
    record Started(Process process, Path out, Path err) {
        String stderr() throws IOException {
            return Files.readString(err);
        }
    }

    /** Starts loomget with {@code args}, its stdin a pipe ({@code process().getOutputStream()}). */
    static Started start(Path scratch, List<String> args) throws IOException {
        var command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-preview", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "io.loomget.cli.Main"));
        command.addAll(args);
        var out = Files.createTempFile(scratch, "stdout", ".txt");
        var err = Files.createTempFile(scratch, "stderr", ".txt");
        var process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Started(process, out, err);
    }

    /** {@code env}: variables to set; a null value removes one. */
    static Cli.Result run(Path scratch, Map<String, String> env, List<String> args) throws IOException, InterruptedException {
        return run(scratch, env, List.of(), args);
    }

    /** Like {@link #run(Path, Map, List)}, with more options for the JVM (a heap size, say). */
    static Cli.Result run(Path scratch, Map<String, String> env, List<String> jvmOptions, List<String> args)
            throws IOException, InterruptedException {
        return run(scratch, env, List.of(), jvmOptions, args);
    }

    /** Like {@link #run(Path, Map, List, List)}, with the JVM started through {@code wrapper} (e.g. setpriv). */
    static Cli.Result run(Path scratch, Map<String, String> env, List<String> wrapper, List<String> jvmOptions,
                          List<String> args) throws IOException, InterruptedException {
        var command = new ArrayList<>(wrapper);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-preview", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.loomget.cli.Main"));
        command.addAll(args);
        var out = Files.createTempFile(scratch, "stdout", ".txt");
        var err = Files.createTempFile(scratch, "stderr", ".txt");
        var builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // A clean slate: only the proxy variables the test gives.
        for (var name : List.of("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY")) {
            builder.environment().remove(name);
        }
        env.forEach((k, v) -> {
            if (v == null) {
                builder.environment().remove(k);
            } else {
                builder.environment().put(k, v);
            }
        });
        var process = builder.start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("loomget did not finish in 60 s: " + Files.readString(err));
            }
        } finally {
            process.destroyForcibly();
        }
        return new Cli.Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
