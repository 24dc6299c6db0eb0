package io.loomget.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Ctrl-C and SIGTERM: the first one interrupts the main thread, which cancels the scopes, keeps the
 * part files and prints what was done; a second one exits at once.
 */
final class Interrupts {

    static final int EXIT_INTERRUPTED = 130;

    private final AtomicBoolean requested = new AtomicBoolean();

    static Interrupts install(Thread main) {
        var interrupts = new Interrupts();
        for (var name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (interrupts.requested.getAndSet(true)) {
                        Runtime.getRuntime().halt(EXIT_INTERRUPTED);
                    }
                    main.interrupt();
                });
            } catch (IllegalArgumentException unavailable) {
                // Some platforms reserve a signal: the JVM's default handling stays.
            }
        }
        return interrupts;
    }

    boolean requested() {
        return requested.get();
    }
}
