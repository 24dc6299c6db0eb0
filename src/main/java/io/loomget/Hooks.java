package io.loomget;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the completion and error {@link Hook}s of a run, each in its own process, started from a
 * virtual thread so that a slow hook never holds a download slot. At most {@link #AT_ONCE} hooks run at
 * once: a thousand files finishing together would otherwise start a thousand processes; the others
 * wait their turn (their timeout counts from their start). What a hook prints, and a hook that
 * fails, cannot start or runs past its timeout, is told to {@code report} as one line each; it never
 * changes the download's outcome. {@link #close()} waits for the hooks still running.
 */
public final class Hooks implements AutoCloseable {

    /** How long a finished hook's output may still be read. */
    private static final java.time.Duration OUTPUT_GRACE = java.time.Duration.ofSeconds(2);

    private final Hook onComplete;
    private final Hook onError;
    private final Consumer<String> report;
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final Semaphore slots;

    /** How many hooks run at once by default: one per CPU, at least two (a hook is often a slow upload). */
    public static final int AT_ONCE = Math.max(2, Runtime.getRuntime().availableProcessors());

    /**
     * @param onComplete run after a file's final rename; null for none
     * @param onError    run after a download failed for good; null for none
     * @param report     receives one line per thing worth saying (thread-safe)
     */
    public Hooks(Hook onComplete, Hook onError, Consumer<String> report) {
        this(onComplete, onError, report, AT_ONCE);
    }

    /** @param atOnce how many hooks may run at the same time */
    public Hooks(Hook onComplete, Hook onError, Consumer<String> report, int atOnce) {
        if (atOnce < 1) {
            throw new IllegalArgumentException("at least one hook must be able to run, got " + atOnce);
        }
        this.onComplete = onComplete;
        this.onError = onError;
        this.report = report;
        this.slots = new Semaphore(atOnce, true); // fair: hooks run in the order their files ended
    }

    /** The hook run after a file's final rename, or null. */
    public Hook onComplete() {
        return onComplete;
    }

    /** The hook run after a download failed for good, or null. */
    public Hook onError() {
        return onError;
    }

    public boolean none() {
        return onComplete == null && onError == null;
    }

    /** A download ended with its file at {@code path}. */
    public void completed(String gid, Path path) {
        start(onComplete, gid, path);
    }

    /** A download failed; {@code path} is where it was going, or null when that was never known. */
    public void failed(String gid, Path path) {
        start(onError, gid, path);
    }

    /** For a batch's listener: the hook that fits a file's outcome, if any. */
    public void ended(String gid, FileResult result) {
        switch (result) {
            case FileResult.Downloaded d -> completed(gid, d.path());
            case FileResult.NotFound n -> failed(gid, null);
            case FileResult.Failed f -> failed(gid, null);
            case FileResult.AlreadyComplete c -> { }
            case FileResult.Cancelled c -> { }
        }
    }

    private void start(Hook hook, String gid, Path path) {
        if (hook == null) {
            return;
        }
        var thread = Thread.ofVirtual().name("hook-" + gid).unstarted(() -> {
            try {
                slots.acquire();
                try {
                    run(hook, gid, path);
                } finally {
                    slots.release();
                }
            } catch (InterruptedException e) {
                // the run is being stopped before this hook's turn came: it never starts
            } finally {
                running.remove(Thread.currentThread());
            }
        });
        running.add(thread);
        thread.start();
    }

    private void run(Hook hook, String gid, Path path) {
        var command = hook.commandFor(gid, path == null ? "" : path.toString());
        var name = hook.command().getFirst();
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            report.accept("hook " + name + " could not start: " + reason(e));
            return;
        }
        var output = Thread.ofVirtual().start(() -> relay(name, process.getInputStream()));
        try {
            if (!process.waitFor(hook.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process);
                report.accept("hook " + name + " stopped after " + hook.timeout().toMillis() / 1000.0 + " s (timeout)");
            } else if (process.exitValue() != 0) {
                report.accept("hook " + name + " exited with status " + process.exitValue());
            }
            // A child the hook left in the background may hold its output open: what it prints later is lost.
            output.join(OUTPUT_GRACE);
        } catch (InterruptedException e) {
            stop(process);
            report.accept("hook " + name + " stopped (interrupted)");
            Thread.currentThread().interrupt();
        }
    }

    /** The hook and whatever it started (a shell's children hold its output open). */
    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** The longest line of a hook's output that is passed on; the rest of a longer line is dropped. */
    static final int MAX_LINE = 1000;

    /**
     * What a hook prints goes to the report, never to stdout (where --json lines are). Lines are cut at
     * {@link #MAX_LINE}: a hook that prints without a newline (a binary, {@code yes | tr -d '\n'})
     * must not grow one line until the heap is gone.
     */
    private void relay(String name, InputStream from) {
        var line = new StringBuilder();
        boolean cut = false;
        try (var reader = new java.io.InputStreamReader(from, StandardCharsets.UTF_8)) {
            var buffer = new char[8192];
            for (int n; (n = reader.read(buffer)) != -1; ) {
                for (int i = 0; i < n; i++) {
                    char c = buffer[i];
                    if (c == '\n') {
                        say(name, line, cut);
                        line.setLength(0);
                        cut = false;
                    } else if (line.length() < MAX_LINE) {
                        line.append(c);
                    } else {
                        cut = true;
                    }
                }
            }
            if (!line.isEmpty() || cut) {
                say(name, line, cut);
            }
        } catch (IOException e) {
            // the hook was stopped: its output ends here
        }
    }

    private void say(String name, StringBuilder line, boolean cut) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        report.accept("hook " + name + ": " + line.substring(0, end) + (cut ? " … (line cut at " + MAX_LINE + " characters)" : ""));
    }

    private static String reason(IOException e) {
        var message = String.valueOf(e.getMessage());
        if (message.contains("No such file or directory")) {
            return "no such file";
        }
        return message.contains("Permission denied") ? "permission denied" : message;
    }

    /** How long hooks stopped by an interrupt are given to end. */
    private static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(5);

    /**
     * Waits for every hook still running (each ends by its timeout at the latest). Interrupted (a
     * Ctrl-C or SIGTERM while the last hooks run), it stops them and what they started, lets none
     * that waits for its turn start, and returns false, with the thread's interrupt flag set again.
     *
     * @return whether every hook ran to its end
     */
    public boolean awaitAll() {
        try {
            for (var thread : Set.copyOf(running)) {
                thread.join();
            }
            return true;
        } catch (InterruptedException e) {
            // Left running, a hook would outlive loomget (a SIGTERM reaches only loomget, not its children)
            var threads = Set.copyOf(running);
            threads.forEach(Thread::interrupt);
            long deadline = System.nanoTime() + STOP_WAIT.toNanos();
            for (var thread : threads) {
                try {
                    thread.join(java.time.Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                } catch (InterruptedException again) {
                    break;
                }
            }
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits for every hook still running, as {@link #awaitAll()}. */
    @Override
    public void close() {
        awaitAll();
    }
}
