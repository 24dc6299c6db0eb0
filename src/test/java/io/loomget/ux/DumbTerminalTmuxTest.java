package io.loomget.ux;

import static io.loomget.ux.TmuxRecorder.visible;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code TERM=dumb} (Emacs' shell, some CI consoles): a terminal that cannot move its cursor gets plain lines. */
class DumbTerminalTmuxTest extends AgainstTmux {

    @Test
    void aDumbTerminalGetsPlainLinesWithoutControlSequences() throws Exception {
        var run = record("dumb", Map.of("TERM", "dumb"), List.of(), false, SMALL_NAME);

        assertEquals(0, run.exitStatus(), () -> String.join("\n", run.finalScreen()));
        var raw = run.raw();
        assertTrue(raw.contains("start  " + SMALL_NAME) && raw.contains("done   " + SMALL_NAME), () -> visible(raw));
        assertFalse(raw.contains("\u001b["), () -> visible(raw));
    }
}
