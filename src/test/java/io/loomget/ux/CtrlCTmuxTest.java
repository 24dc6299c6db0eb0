package io.loomget.ux;

import static io.loomget.ux.TmuxRecorder.liveAreaGone;
import static io.loomget.ux.TmuxRecorder.visible;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.internal.io.ResumeState;
import io.loomget.testsupport.Dirs;
import io.loomget.testsupport.Poll;
import io.loomget.ux.TmuxRecorder.Frame;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ctrl-C in a terminal, once or twice: a screen without the live area, the cursor shown, progress saved. */
class CtrlCTmuxTest extends AgainstTmux {

    @Test
    void ctrlCLeavesTheScreenCleanWithTheCursorShown() throws Exception {
        var run = record("ctrl-c", Map.of(), List.of(), true, SLOW_NAME);

        assertEquals(130, run.exitStatus(), () -> String.join("\n", run.finalScreen()));
        var screen = run.finalScreen();
        assertTrue(liveAreaGone(screen), screen::toString);
        assertTrue(screen.stream().anyMatch(l -> l.contains("1 interrupted")), screen::toString);
        assertTrue(run.cursorVisibleAtEnd(), "cursor still hidden after Ctrl-C:\n" + visible(run.raw()));
    }

    @Test
    void aSecondCtrlCLeavesTheScreenCleanWithTheCursorShownAndTheProgressSaved() throws Exception {
        var dir = Files.createDirectories(tmp.resolve("ctrl-c-twice"));
        var out = dir.resolve("out");
        var command = List.of(Launcher.path().toString(), "-d", out.toString(), "-x", "2", "-k", "512K",
                server.uri("/" + SLOW_NAME).toString());
        var environment = new HashMap<String, String>();
        environment.put("NO_COLOR", null);
        try (var tmux = Tmux.start(dir, WIDTH, HEIGHT, environment, command)) {
            tmux.sendKeys("Enter");
            var screen = Poll.until(Duration.ofMinutes(3), "a file line on the screen", tmux::screen,
                    lines -> new Frame(lines, false).fileLines().size() > 0 || Tmux.exitStatus(lines).isPresent());
            assertTrue(Tmux.exitStatus(screen).isEmpty(), "ended before it could be interrupted: " + screen);
            // Two keystrokes, each its own tmux call: two signals, the second while the first is handled.
            tmux.sendKeys("C-c");
            tmux.sendKeys("C-c");
            var end = Poll.until(Duration.ofSeconds(20), "the exit status", tmux::screen,
                    lines -> Tmux.exitStatus(lines).isPresent());

            assertEquals(130, Tmux.exitStatus(end).orElseThrow(), end::toString);
            assertTrue(liveAreaGone(end), end::toString);
            assertTrue(tmux.cursorVisible(), "cursor still hidden after a second Ctrl-C: " + end);
        }
        var target = out.resolve(SLOW_NAME);
        var state = ResumeState.read(ResumeState.pathFor(target));
        assertTrue(state.isPresent(), "no state for -c after two Ctrl-C: " + Dirs.names(out));
        assertTrue(state.get().doneBytes() > 0);
    }
}
