package io.loomget.testsupport;

import io.loomget.internal.io.PartLock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another process that locks a part file as another loomget run would ({@link PartLock}): a JVM of
 * its own, because the OS's file locks belong to a process. It says whether it got the lock on its
 * first line, which the test reads (no sleep: the line comes once the lock is held), and lets go
 * when the test closes its stdin, or when it is killed.
 */
public final class LockingProcess implements AutoCloseable {

    private final Process process;
    private final String answer;

    private LockingProcess(Process process, String answer) {
        this.process = process;
        this.answer = answer;
    }

    /** Starts a process that tries to lock {@code target}'s part file for {@code url}, and waits for its answer. */
    public static LockingProcess lock(Path target, String url) throws IOException {
        var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-preview", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), target.toString(), url);
        var process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        var line = out.readLine();
        if (line == null) {
            process.destroyForcibly();
            throw new IOException("the locking process ended without an answer");
        }
        return new LockingProcess(process, line);
    }

    /** Whether it holds the lock ("locked"), or found it taken ("busy"). */
    public boolean holds() {
        return answer.equals("locked");
    }

    /** Kills it (SIGKILL): it lets go of nothing itself, so its lock file stays behind. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Lets it release the lock as a run does at its end, and waits for it to exit. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("the locking process did not exit");
            }
        }
    }

    /** The other process: locks, says so, holds the lock until its stdin ends. */
    public static final class Main {
        public static void main(String[] args) throws IOException {
            var lock = PartLock.tryLock(Path.of(args[0]), args[1]);
            System.out.println(lock != null ? "locked" : "busy");
            System.out.flush();
            if (lock != null) {
                System.in.transferTo(java.io.OutputStream.nullOutputStream());
                lock.close();
            }
        }
    }
}
