package io.loomget;

import java.util.concurrent.ThreadFactory;

/** Which threads run the scopes' subtasks: the only difference between the two modes. */
public enum ThreadKind {
    VIRTUAL, PLATFORM;

    public ThreadFactory factory(String prefix) {
        return switch (this) {
            case VIRTUAL -> Thread.ofVirtual().name(prefix + "-v", 0).factory();
            // Daemon so that a stuck platform thread never keeps the JVM alive after main returns.
            case PLATFORM -> Thread.ofPlatform().daemon(true).name(prefix + "-p", 0).factory();
        };
    }
}
