package io.loomget.ux;

import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.Prerequisites;
import io.loomget.testsupport.RangeServerExtension;
import io.loomget.ux.TmuxRecorder.Recording;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live progress view as a person sees it: {@code ./loomget} runs in a real terminal (a detached
 * tmux pane of 100 x 20), downloading throttled files from a {@link RangeServer} in this JVM, recorded
 * by a {@link TmuxRecorder}. This class serves the files; the test classes record the runs they look at.
 * Skipped when tmux is missing, except in CI ({@code CI=true}), where that is a failure.
 */
@ExtendWith(RangeServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES) // includes a first build of the jar
abstract class AgainstTmux {

    static final int WIDTH = TmuxRecorder.WIDTH;
    static final int HEIGHT = TmuxRecorder.HEIGHT;
    static final String LONG_NAME =
            "a-file-with-a-rather-long-name-that-the-live-view-has-to-shorten-to-fit-into-one-row-0123456789.bin";
    static final String SHORT_NAME = "short.bin";
    static final String SMALL_NAME = "small.bin";
    static final String SLOW_NAME = "slow.bin";
    /** 14 UTF-16 units, 16 columns: 名 and 前 are two columns wide each. */
    static final String WIDE_NAME = "ünïcødé-名前.bin";
    /** Split in ranges (-x 2 -k 512K), each sent at 512 KiB/s (one file) or twice that: a second or two of live view. */
    static final long SIZE = 2L << 20;
    static final long RATE = 512 * 1024;

    static final Pattern COLOUR = Pattern.compile("\u001b\\[(?:[0-9;]*;)?(?:3[0-9]|9[0-7]|38;)[0-9;]*m");
    static final String HIDE_CURSOR = "\u001b[?25l";
    static final String SHOW_CURSOR = "\u001b[?25h";

    Path tmp;
    RangeServer server;
    private TmuxRecorder recorder;

    @BeforeAll
    void serveTheFiles(@TempDir Path dir, RangeServer server) throws Exception {
        tmp = dir;
        Prerequisites.require("tmux", Tmux.available());
        Launcher.ensureBuilt(tmp);
        this.server = server;
        recorder = new TmuxRecorder(tmp, server);
        var throttled = Behaviour.builder().rate(RATE).build();
        // the two files run at different speeds, as real ones do: their lines differ in more than the name
        server.add("/" + LONG_NAME, Content.generated(SIZE, 1)).behave("/" + LONG_NAME, throttled);
        server.add("/" + SHORT_NAME, Content.generated(SIZE, 2)).behave("/" + SHORT_NAME, Behaviour.builder().rate(2 * RATE).build());
        server.add("/" + SMALL_NAME, Content.generated(512 * 1024, 7)).behave("/" + SMALL_NAME, throttled);
        server.add("/" + WIDE_NAME, Content.generated(SIZE, 9)).behave("/" + WIDE_NAME, throttled);
        server.add("/" + SLOW_NAME, Content.generated(8L << 20, 8))
                .behave("/" + SLOW_NAME, Behaviour.builder().rate(128 * 1024).build());
    }

    /** {@code ./loomget -d OUT -x 2 -k 512K [options] URL...} of {@code files}, recorded; see {@link TmuxRecorder}. */
    Recording record(String name, Map<String, String> env, List<String> options, boolean interrupt,
                     String... files) throws Exception {
        return recorder.record(name, env, options, interrupt, files);
    }

    Recording record(String name, Map<String, String> env, List<String> options, boolean interrupt,
                     int width, String... files) throws Exception {
        return recorder.record(name, env, options, interrupt, width, files);
    }
}
