package io.loomget.daemon;

import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.Poll;
import io.loomget.testsupport.RangeServerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture of the daemon's protocol tests: a {@link RangeServer} serving a small file, a 4 MiB
 * file and a slow 4 MiB file, and a daemon in this JVM (secret {@link #SECRET}) downloading into a
 * temp dir; both stopped after each test.
 */
@ExtendWith(RangeServerExtension.class)
@Timeout(60)
abstract class OnDaemon {

    static final String SECRET = "s3cret";
    static final Content SMALL = Content.generated(10_000, 1);
    static final Content BIG = Content.generated(4L << 20, 2);
    /** Served at 256 KiB/s per connection: 4 connections take about four seconds for it. */
    static final Content SLOW = Content.generated(4L << 20, 3);

    @TempDir
    Path dir;

    RangeServer server;
    RunningDaemon daemon;
    RpcClient rpc;

    @BeforeEach
    void startDaemon(RangeServer server) {
        this.server = server.add("/small.bin", SMALL).add("/big.bin", BIG).add("/slow.bin", SLOW)
                .behave("/slow.bin", Behaviour.builder().rate(256 << 10).build());
        daemon = start();
        rpc = daemon.client();
    }

    /** The daemon under test; a class overrides it to start one with other options. */
    RunningDaemon start() {
        return RunningDaemon.start(dir, SECRET);
    }

    @AfterEach
    void stopDaemon() throws InterruptedException {
        if (daemon != null) {
            daemon.stop();
        }
    }

    String url(String path) {
        return server.uri(path).toString();
    }

    /** Adds {@code path} with {@code options}; its GID. */
    String add(String path, Map<String, Object> options) {
        return (String) rpc.call("aria2.addUri", java.util.List.of(url(path)), options);
    }

    Map<String, Object> status(String gid) {
        return rpc.struct("aria2.tellStatus", gid);
    }

    /** Waits until the download's status is {@code state}; its status then. */
    Map<String, Object> awaitStatus(String gid, String state) throws Exception {
        return Poll.until(Duration.ofSeconds(30), gid + " " + state, () -> status(gid), s -> state.equals(s.get("status")));
    }

    /** Waits until some bytes of the download are on disk (and it is still going). */
    void awaitSomeBytes(String gid) throws Exception {
        Poll.until(Duration.ofSeconds(30), gid + " under way", () -> status(gid),
                s -> Long.parseLong((String) s.get("completedLength")) > 0);
    }
}
