package io.loomget.ux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One detached tmux session on a private socket (so it never touches a user's tmux), running one
 * command in a pane of a fixed size with the status line off, the way a user runs it from a shell:
 * the shell waits for an Enter ({@link #sendKeys}) before it starts the command, so that
 * {@link #pipePane} records its output from the first byte, and when the command has ended it prints
 * {@code [exit N]} and stays, so the last screen, the exit status and the cursor the program left can
 * be read (tmux itself hides the cursor of a dead pane).
 */
final class Tmux implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(15);
    private static final String SESSION = "ux";
    /** What the shell prints when the command has ended. */
    static final java.util.regex.Pattern EXIT_LINE = java.util.regex.Pattern.compile("^\\[exit (\\d+)\\]$");

    private final Path socket;
    private final Path config;

    private Tmux(Path socket, Path config) {
        this.socket = socket;
        this.config = config;
    }

    /** Whether a working tmux is on the PATH. */
    static boolean available() {
        try {
            var p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Starts {@code command} in a {@code width} x {@code height} pane, held until {@link #sendKeys}
     * sends an Enter. {@code env} changes the environment the tmux server (and so the pane) gets:
     * a null value removes a variable. The pane's {@code TERM} is tmux's {@code default-terminal}: a
     * {@code TERM} in {@code env} sets that.
     */
    static Tmux start(Path dir, int width, int height, Map<String, String> env, List<String> command)
            throws IOException, InterruptedException {
        var socket = dir.resolve("tmux.sock");
        var config = dir.resolve("tmux.conf");
        Files.writeString(config, """
                set -g remain-on-exit on
                set -g status off
                set -g history-limit 5000
                """ + (env.get("TERM") == null ? "" : "set -g default-terminal " + quote(env.get("TERM")) + "\n"));
        var tmux = new Tmux(socket, config);
        // Ctrl-C goes to the whole foreground group: the shell must outlive it to print the exit status
        // (a trap, unlike an ignored signal, is not inherited by the command), and outlive a Ctrl-C that
        // comes after the command has ended too: a dead pane's cursor is hidden, whatever the command
        // left. Such a Ctrl-C ends a sleep, not the loop; closing the session ends the shell.
        var shell = "trap 'true' INT; read -r go; " + command.stream().map(Tmux::quote).collect(Collectors.joining(" "))
                + "; echo \"[exit $?]\"; while :; do sleep 3600; done";
        tmux.run(env, "new-session", "-d", "-x", String.valueOf(width), "-y", String.valueOf(height),
                "-s", SESSION, shell);
        return tmux;
    }

    /** Copies everything the pane's program writes, escape sequences included, to {@code file}. */
    void pipePane(Path file) throws IOException, InterruptedException {
        run(Map.of(), "pipe-pane", "-t", SESSION, "-O", "cat >> " + quote(file.toString()));
    }

    /** Types keys into the pane: {@code Enter}, {@code C-c}, ... */
    void sendKeys(String... keys) throws IOException, InterruptedException {
        var args = new ArrayList<>(List.of("send-keys", "-t", SESSION));
        args.addAll(List.of(keys));
        run(Map.of(), args.toArray(String[]::new));
    }

    /** The visible screen, wrapped lines joined (a line wider than the pane shows as one long line). */
    List<String> screen() throws IOException, InterruptedException {
        return run(Map.of(), "capture-pane", "-p", "-J", "-t", SESSION).lines()
                .map(Tmux::stripTrailing).toList();
    }

    /** A tmux format, e.g. {@code #{pane_dead}}, evaluated for the pane. */
    String display(String format) throws IOException, InterruptedException {
        return run(Map.of(), "display-message", "-p", "-t", SESSION, format).strip();
    }

    /** The command's exit status once it has ended (its {@code [exit N]} line is on the screen), else empty. */
    static java.util.OptionalInt exitStatus(List<String> screen) {
        for (var line : screen) {
            var m = EXIT_LINE.matcher(line);
            if (m.matches()) {
                return java.util.OptionalInt.of(Integer.parseInt(m.group(1)));
            }
        }
        return java.util.OptionalInt.empty();
    }

    /** Whether the terminal shows its cursor (the program may hide it with ESC[?25l). */
    boolean cursorVisible() throws IOException, InterruptedException {
        return display("#{cursor_flag}").equals("1");
    }

    private String run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "-f", config.toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        // Tests run from inside a tmux must still start their own server, not a nested client of it.
        builder.environment().remove("TMUX");
        builder.environment().remove("TMUX_PANE");
        env.forEach((k, v) -> {
            if (v == null) {
                builder.environment().remove(k);
            } else {
                builder.environment().put(k, v);
            }
        });
        var p = builder.start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("tmux " + String.join(" ", args) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException("tmux " + String.join(" ", args) + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    /** Ends the session and this socket's server (and with them the pane's program, if still running). */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run(Map.of(), "kill-server");
        } catch (IOException alreadyGone) {
            // the server exits by itself when its last session is gone
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String stripTrailing(String s) {
        return s.stripTrailing();
    }
}
