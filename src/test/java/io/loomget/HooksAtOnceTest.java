package io.loomget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Many files ending together: their hooks take turns instead of starting a process each at once. */
class HooksAtOnceTest {

    @TempDir
    Path dir;

    /**
     * A hook that notes how many hooks were running when it started ({@code started/GID} holds the
     * count), then holds its slot until {@code release} exists.
     */
    private Hook holding() {
        var script = "cd \"$0\"; mkdir -p running started; : > running/$1; ls running | wc -l > started/$1; "
                + "while [ ! -e release ]; do sleep 0.01; done; rm running/$1";
        return new Hook(List.of("sh", "-c", script, dir.toString()), Duration.ofSeconds(30));
    }

    private long count(String sub) throws Exception {
        var d = dir.resolve(sub);
        if (Files.notExists(d)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(d)) {
            return files.count();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void noMoreHooksRunAtOnceThanAllowed() throws Exception {
        try (var hooks = new Hooks(holding(), null, line -> {}, 2)) {
            for (int i = 0; i < 8; i++) {
                hooks.completed("gid" + i, dir.resolve("file" + i));
            }
            while (count("started") < 2) { // the first two have their slots: waiting for a condition, not a time
                Thread.sleep(10);
            }
            Files.createFile(dir.resolve("release"));
        }

        assertEquals(8, count("started"), "every hook ran in the end");
        try (Stream<Path> counts = Files.list(dir.resolve("started"))) {
            var most = counts.mapToInt(f -> {
                try {
                    return Integer.parseInt(Files.readString(f).strip());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).max().orElseThrow();
            assertTrue(most <= 2, "at most 2 hooks ran at once, saw " + most);
        }
    }
}
