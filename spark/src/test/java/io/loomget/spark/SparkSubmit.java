package io.loomget.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code spark-submit} of the shaded job jar from the SPARK_HOME the build makes (target/spark-home:
 * jars/ and RELEASE), as bin/spark-class does it: Spark's launcher prints the real java command
 * (NUL-separated), which then runs with JDK 25 as JAVA_HOME and everything bound to 127.0.0.1.
 */
final class SparkSubmit {

    static final Path SPARK_HOME = Path.of(System.getProperty("loomget.sparkHome", "target/spark-home"));
    static final Path JOB_JAR = Path.of(System.getProperty("loomget.sparkJar", "target/loomget-spark.jar"));

    /** A submitted job; its stdout and stderr go to files under the test's directory. */
    record Run(Process process, Path stdout, Path stderr) {
        List<String> out() throws IOException {
            return Files.readAllLines(stdout);
        }

        List<String> err() throws IOException {
            return Files.readAllLines(stderr);
        }

        /** Ends the driver and what it started (workers' executors), at once. */
        void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        /** The driver's output, for assertion messages. */
        String log() throws IOException {
            var err = err();
            return String.join("\n", out()) + "\n--- stderr (last 60 lines) ---\n"
                    + String.join("\n", err.subList(Math.max(0, err.size() - 60), err.size()));
        }
    }

    private SparkSubmit() {}

    static boolean available() {
        return Files.isRegularFile(SPARK_HOME.resolve("RELEASE")) && Files.isDirectory(SPARK_HOME.resolve("jars"))
                && Files.isRegularFile(JOB_JAR);
    }

    /** Starts {@code spark-submit --master MASTER [conf] jar JOBARGS}. */
    static Run start(String master, Path logs, String name, List<String> jobArgs) throws IOException, InterruptedException {
        var submit = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit", "--master", master,
                "--class", SparkMain.class.getName(),
                "--driver-java-options", "--enable-preview",
                "--conf", "spark.executor.extraJavaOptions=--enable-preview",
                "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.sql.shuffle.partitions=4",
                "--conf", "spark.locality.wait=0",
                "--conf", "spark.executor.memory=1024m",
                JOB_JAR.toAbsolutePath().toString()));
        submit.addAll(jobArgs);
        var command = launcherCommand(submit);
        Files.createDirectories(logs);
        var stdout = logs.resolve(name + ".out");
        var stderr = logs.resolve(name + ".err");
        var builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(env());
        return new Run(builder.start(), stdout, stderr);
    }

    private static List<String> launcherCommand(List<String> submit) throws IOException, InterruptedException {
        var launcher = new ArrayList<>(List.of(java(), "-Xmx128m", "-cp", SPARK_HOME.toAbsolutePath().resolve("jars") + "/*",
                "org.apache.spark.launcher.Main"));
        launcher.addAll(submit);
        var builder = new ProcessBuilder(launcher).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env());
        var process = builder.start();
        var printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("Spark's launcher failed: " + printed);
        }
        // Spark 4.2's launcher starts its output with "\0\n"; no argument starts with a newline.
        return Arrays.stream(printed.split("\0")).map(s -> s.replaceFirst("^\n", "")).filter(s -> !s.isEmpty()).toList();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** JDK 25 (this JVM's) for the driver, the workers and their executors; loopback only. */
    private static Map<String, String> env() {
        return Map.of("SPARK_HOME", SPARK_HOME.toAbsolutePath().toString(),
                "SPARK_SCALA_VERSION", "2.13",
                "JAVA_HOME", System.getProperty("java.home"),
                "SPARK_LOCAL_IP", "127.0.0.1",
                "SPARK_LOCAL_HOSTNAME", "localhost");
    }
}
