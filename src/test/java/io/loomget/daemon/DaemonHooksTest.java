package io.loomget.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomget.Hook;
import io.loomget.Hooks;
import io.loomget.testsupport.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The daemon runs {@code --on-download-complete} and {@code --on-download-error} as aria2 does: GID, 1, path. */
class DaemonHooksTest extends OnDaemon {

    private Path record(String name) {
        return dir.resolve(name);
    }

    private static Hook recorder(Path out) {
        return new Hook(List.of("sh", "-c", "printf '%s|%s|%s' \"$1\" \"$2\" \"$3\" > \"$0\"", out.toString()), Duration.ofSeconds(30));
    }

    @Override
    RunningDaemon start() {
        var hooks = new Hooks(recorder(record("complete.txt")), recorder(record("error.txt")), line -> {});
        return new RunningDaemon(dir, RunningDaemon.config(SECRET), RunningDaemon.settings(dir), hooks, List.of(), null);
    }

    private String awaitRecord(Path file) throws Exception {
        return Poll.until(Duration.ofSeconds(30), "hook ran: " + file,
                () -> Files.exists(file) ? Files.readString(file) : "", text -> text.split("\\|", -1).length == 3);
    }

    @Test
    void theCompleteHookGetsTheGidAndThePath() throws Exception {
        var gid = add("/small.bin", Map.of());
        awaitStatus(gid, "complete");
        assertEquals(gid + "|1|" + dir.resolve("small.bin").toAbsolutePath(), awaitRecord(record("complete.txt")));
    }

    @Test
    void theErrorHookGetsTheGid() throws Exception {
        var gid = add("/missing.bin", Map.of());
        awaitStatus(gid, "error");
        assertEquals(gid + "|1|", awaitRecord(record("error.txt")));
    }
}
