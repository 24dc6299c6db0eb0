package io.loomget.ux;

import io.loomget.server.Content;
import io.loomget.testsupport.OneFileServed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@code /file.bin} on a {@link io.loomget.server.RangeServer}, reached through an {@link HttpRelay}
 * that records every request head (the server does not keep request headers; the relay does).
 */
abstract class OneFileBehindRelay extends OneFileServed {

    HttpRelay relay;

    OneFileBehindRelay(Content content) {
        super("/file.bin", content);
    }

    @BeforeEach
    final void startTheRelay() throws Exception {
        relay = HttpRelay.to(server.port());
    }

    @AfterEach
    final void stopTheRelay() throws Exception {
        relay.close();
    }

    /** The command line into the output directory, with ranges of 128 KiB on 4 connections and quick retries. */
    Cli.Result cli(String... args) {
        var all = new java.util.ArrayList<>(java.util.List.of("-d", dir.toString(), "-k", "128K", "-x", "4",
                "--retry-wait", "0.01"));
        all.addAll(java.util.List.of(args));
        return Cli.run(all);
    }
}
