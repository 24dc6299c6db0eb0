package io.loomget.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.DownloadRequest;
import io.loomget.FileProgress;
import io.loomget.internal.engine.ProgressCounter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A file's live line takes the terminal's width less one column, measured in columns, at any width. */
class TerminalViewLineTest {

    static final String WIDE = "ünïcødé-名前.bin";

    private static String line(String name, int columns) {
        var view = new TerminalView(new PrintWriter(new StringWriter()), false, () -> columns);
        var file = new ProgressCounter(DownloadRequest.of(URI.create("http://example.com/x")), Path.of("/tmp", name), 2L << 20);
        file.add(1L << 20);
        return view.fileLine(file, columns, System.nanoTime());
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 80, 64, 60, 50, 40, 30, 24})
    void aWideNameLineFillsExactlyTheRowLessOneColumn(int columns) {
        var line = line(WIDE, columns);
        assertEquals(columns - 1, DisplayWidth.of(line), "'" + line + "'");
    }

    @ParameterizedTest
    @ValueSource(ints = {60, 50, 40, 30, 24})
    void onANarrowTerminalTheNameIsShortenedAndThePercentStays(int columns) {
        var line = line("a-long-file-name-of-some-length-0123456789.bin", columns);
        assertTrue(line.contains(" 50%"), "'" + line + "'");
        assertTrue(line.startsWith("a-long-"), "'" + line + "'");
        assertEquals(columns - 1, DisplayWidth.of(line), "'" + line + "'");
    }

    @ParameterizedTest
    @ValueSource(ints = {60, 50})
    void belowSixtyColumnsTheSpeedStaysToo(int columns) {
        var line = line(WIDE, columns);
        assertTrue(line.contains(" 50%") && line.contains("/s"), "'" + line + "'");
        assertTrue(line.startsWith("ünï"), "'" + line + "'");
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 80, 64, 60, 50, 40, 30, 24})
    void aShortNameAndALongOneHaveTheirPercentInTheSameColumn(int columns) {
        var view = new TerminalView(new PrintWriter(new StringWriter()), false, () -> columns);
        var files = java.util.stream.Stream.of("rtl-gnp.bin", "a-long-file-name-of-some-length-0123456789.bin").map(name -> {
            var file = new ProgressCounter(DownloadRequest.of(URI.create("http://example.com/" + name)), Path.of("/tmp", name), 2L << 20);
            file.add(1L << 20);
            return (FileProgress) file;
        }).toList();

        var lines = view.fileLines(files, columns, System.nanoTime());

        assertEquals(1, lines.stream().map(l -> l.indexOf(" 50%")).distinct().count(), () -> String.join("\n", lines));
    }

    @ParameterizedTest
    @ValueSource(ints = {60, 50, 40, 30})
    void onANarrowTerminalTheTotalLineKeepsItsSpeedWhole(int columns) {
        var view = new TerminalView(new PrintWriter(new StringWriter()), false, () -> columns);
        for (var name : new String[] {"a.bin", "b.bin", "c.bin"}) {
            var file = new ProgressCounter(DownloadRequest.of(URI.create("http://example.com/" + name)), Path.of("/tmp", name), 2L << 20);
            file.add(1L << 20);
            view.on(new io.loomget.DownloadEvent.FileStarted(file));
        }

        var line = view.totalLine(columns, System.nanoTime());

        assertTrue(line.startsWith("Total  3 active") && line.matches(".*  [\\d.]+ \\S?i?B/s.*"), "'" + line + "'");
        assertTrue(DisplayWidth.of(line) <= columns - 1, "'" + line + "'");
    }

    @ParameterizedTest
    @ValueSource(ints = {24, 20})
    void onAVeryNarrowTerminalTheTotalLineEndsInAWholeWord(int columns) {
        var view = new TerminalView(new PrintWriter(new StringWriter()), false, () -> columns);
        for (var name : new String[] {"a.bin", "b.bin", "c.bin"}) {
            view.on(new io.loomget.DownloadEvent.FileStarted(new ProgressCounter(
                    DownloadRequest.of(URI.create("http://example.com/" + name)), Path.of("/tmp", name), 2L << 20)));
        }

        var line = view.totalLine(columns, System.nanoTime());

        assertTrue((line.endsWith("3 active") || line.endsWith("B/s")) && DisplayWidth.of(line) <= columns - 1, "'" + line + "'");
    }
}
