package io.loomget.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code spark-submit} of the shaded job jar through the module's own {@code spark-submit} script (the
 * README's way without a Spark distribution): the SPARK_HOME the build makes (target/spark-home: jars/
 * and RELEASE), Spark's launcher building the java command, JDK 25 as JAVA_HOME, everything bound to
 * 127.0.0.1. No JVM options are given: {@code --enable-preview} for the driver and the executors comes
 * from the script's defaults, as for a user.
 */
final class SparkSubmit {

    static final Path SPARK_HOME = Path.of(System.getProperty("loomget.sparkHome", "target/spark-home"));
    static final Path JOB_JAR = Path.of(System.getProperty("loomget.sparkJar", "target/loomget-spark.jar"));
    /** The README's way to submit without a Spark distribution: the module's own script, over {@link #SPARK_HOME}. */
    static final Path SCRIPT = Path.of("spark-submit");
    /** The README's way to start a standalone Master or Worker without a Spark distribution. */
    static final Path CLASS_SCRIPT = Path.of("spark-class");

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

    /** Fails the calling test (never skips it) when the build has not made what spark-submit needs. */
    static void requireAvailable() {
        io.loomget.testsupport.Prerequisites.require(
                "target/spark-home and target/loomget-spark.jar (mvn -f spark/pom.xml verify builds them)", available());
    }

    private static boolean available() {
        return Files.isRegularFile(SPARK_HOME.resolve("RELEASE")) && Files.isDirectory(SPARK_HOME.resolve("jars"))
                && Files.isRegularFile(JOB_JAR);
    }

    /** Starts {@code spark-submit --master MASTER [conf] jar JOBARGS}. */
    static Run start(String master, Path logs, String name, List<String> jobArgs) throws IOException {
        var submit = new ArrayList<>(List.of(SCRIPT.toAbsolutePath().toString(), "--master", master,
                "--class", SparkMain.class.getName(),
                "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.sql.shuffle.partitions=4",
                "--conf", "spark.executor.memory=1024m",
                JOB_JAR.toAbsolutePath().toString()));
        submit.addAll(jobArgs);
        return run(submit, logs, name);
    }

    /** Starts {@code spark-class CLASS ARGS} (a standalone Master or Worker). */
    static Run startClass(String className, List<String> args, Path logs, String name) throws IOException {
        var command = new ArrayList<>(List.of(CLASS_SCRIPT.toAbsolutePath().toString(), className));
        command.addAll(args);
        return run(command, logs, name);
    }

    /** Starts the {@code spark-submit} script with {@code args} as they are, {@code env} added to the usual environment. */
    static Run script(List<String> args, Map<String, String> env, Path logs, String name) throws IOException {
        var command = new ArrayList<>(List.of(SCRIPT.toAbsolutePath().toString()));
        command.addAll(args);
        return run(command, env, logs, name);
    }

    private static Run run(List<String> command, Path logs, String name) throws IOException {
        return run(command, Map.of(), logs, name);
    }

    private static Run run(List<String> command, Map<String, String> extraEnv, Path logs, String name) throws IOException {
        Files.createDirectories(logs);
        var stdout = logs.resolve(name + ".out");
        var stderr = logs.resolve(name + ".err");
        var builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(env());
        builder.environment().putAll(extraEnv);
        return new Run(builder.start(), stdout, stderr);
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
