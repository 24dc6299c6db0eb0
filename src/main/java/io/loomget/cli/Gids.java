package io.loomget.cli;

import java.util.concurrent.ThreadLocalRandom;

/** GIDs for the command line's hooks: aria2 hands every download one, 16 hex digits, and scripts expect it. */
final class Gids {

    private Gids() {}

    static String next() {
        long gid;
        do {
            gid = ThreadLocalRandom.current().nextLong();
        } while (gid == 0);
        return String.format("%016x", gid);
    }
}
