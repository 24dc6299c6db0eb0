package io.loomget.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * Ctrl-C, SIGTERM and SIGHUP (the terminal went away: a closed window, a killed tmux session, a
 * dropped ssh connection; aria2 stops as for the other two). The first one records every file's
 * progress for {@code -c} before anything else, then interrupts the main thread, which cancels the
 * scopes, keeps the part files and prints what was done. A second one lets that first save finish,
 * restores the terminal (cursor shown, live area cleared) and exits at once. The JVM runs each
 * signal's handler on a thread of its own, so the second can wait for the first.
 */
final class Interrupts {

    static final int EXIT_INTERRUPTED = 130;
    /** How long a second signal waits for the first one's save: a hung disk must not keep the process. */
    static final Duration SAVE_WAIT = Duration.ofSeconds(5);
    /** How long a second signal gives the terminal to be restored. */
    static final Duration RESTORE_WAIT = Duration.ofSeconds(1);

    private final AtomicInteger signals = new AtomicInteger();
    private final CountDownLatch saved = new CountDownLatch(1);
    private final Thread main;
    private volatile Runnable save = () -> {};
    private volatile Runnable restore = () -> {};

    private Interrupts(Thread main) {
        this.main = main;
    }

    static Interrupts install(Thread main) {
        var interrupts = new Interrupts(main);
        // A signal ignored when the JVM started (nohup's SIGHUP, a shell's SIGINT for a background job)
        // stays ignored: the JVM does not install a handler for it.
        for (var name : new String[] {"INT", "TERM", "HUP"}) {
            try {
                Signal.handle(new Signal(name), signal -> interrupts.signalled());
            } catch (IllegalArgumentException unavailable) {
                // Some platforms reserve a signal: the JVM's default handling stays.
            }
        }
        return interrupts;
    }

    /** What the first signal does before it interrupts the run: record the progress for {@code -c}. */
    void onFirst(Runnable save) {
        this.save = save;
    }

    /** What a second signal does before the process stops: leave the terminal as it was found. */
    void onSecond(Runnable restore) {
        this.restore = restore;
    }

    void signalled() {
        if (signals.incrementAndGet() == 1) {
            try {
                save.run();
            } catch (RuntimeException e) {
                // the run is interrupted all the same; its scopes save again as they stop
            } finally {
                saved.countDown();
            }
            main.interrupt();
            return;
        }
        try {
            saved.await(SAVE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            var restoring = Thread.ofPlatform().daemon().name("loomget-restore").start(restore);
            restoring.join(RESTORE_WAIT);
        } catch (InterruptedException e) {
            // stop all the same
        }
        Runtime.getRuntime().halt(EXIT_INTERRUPTED);
    }

    boolean requested() {
        return signals.get() > 0;
    }
}
