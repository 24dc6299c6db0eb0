package io.loomget.internal.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files of a batch whose progress can be recorded for {@code -c} right now: each file's range
 * scope registers while it runs. On the first Ctrl-C the command line saves them all before it
 * cancels anything, so even a second Ctrl-C that stops the process at once loses nothing.
 */
final class Checkpoints {

    /** Something that records its progress when asked, from any thread. */
    interface Saver {
        void checkpoint();
    }

    private final Set<Saver> running = ConcurrentHashMap.newKeySet();

    /** A registration; closing it (which cannot fail) takes the saver off. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    Registration register(Saver saver) {
        running.add(saver);
        return () -> running.remove(saver);
    }

    void saveAll() {
        for (var saver : running) {
            saver.checkpoint();
        }
    }
}
