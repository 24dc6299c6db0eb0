package io.loomget.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadEvent;
import io.loomget.DownloadRequest;
import io.loomget.internal.engine.ProgressCounter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The live area fits the terminal's height: one taller could not be moved back over and would be left behind. */
class TerminalViewHeightTest {

    @ParameterizedTest
    @ValueSource(ints = {6, 10, 15, 24})
    void withManyFilesInFlightTheAreaLeavesTwoRowsOfTheTerminalFree(int rows) {
        var screen = new StringWriter();
        var view = new TerminalView(new PrintWriter(screen), false, () -> 100, () -> rows);
        for (int i = 0; i < 40; i++) {
            var name = "f" + i + ".bin";
            view.on(new DownloadEvent.FileStarted(new ProgressCounter(
                    DownloadRequest.of(URI.create("http://example.com/" + name)), Path.of("/tmp", name), 1 << 20)));
        }

        view.redraw();

        var lines = screen.toString().split("\n", -1).length - 1;
        assertTrue(lines <= rows - 2, lines + " lines on a terminal of " + rows + " rows:\n" + screen);
        assertTrue(screen.toString().contains(" more"), screen::toString);
        assertEquals(1, screen.toString().lines().filter(l -> l.contains("Total")).count(), screen::toString);
    }
}
