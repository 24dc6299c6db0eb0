package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a hook prints while the live view is drawn: on the screen in full, with no stale copy of the view left above it. */
class HookLinesTmuxTest extends AgainstTmux {

    @Test
    void aHooksLinesScrollAboveTheLiveViewWithoutBreakingIt() throws Exception {
        // SHORT_NAME ends first: its hook prints while LONG_NAME is still drawn below
        var run = record("hook-lines", Map.of(), List.of("--on-download-complete", "printf 'one\\ntwo\\nthree\\n'"),
                false, LONG_NAME, SHORT_NAME);

        assertEquals(0, run.exitStatus(), () -> String.join("\n", run.finalScreen()));
        var screen = run.finalScreen();
        for (var word : List.of("one", "two", "three")) {
            assertEquals(2, screen.stream().filter(l -> l.equals("loomget: hook printf: " + word)).count(),
                    () -> "a line of each file's hook is missing:\n" + String.join("\n", screen));
        }
        assertTrue(TmuxRecorder.liveAreaGone(screen), () -> "a copy of the live view was left:\n" + String.join("\n", screen));
    }
}
