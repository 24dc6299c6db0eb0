package io.loomget.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code NAME.part.state} file: what it keeps, and that anything doubtful is not trusted. */
class ResumeStateTest {

    private static final String URL = "http://127.0.0.1:1/a.bin";
    private static final ResumeState STATE =
            new ResumeState(URL, 1_000, "\"etag-1\"", List.of(new long[] {0, 100}, new long[] {500, 800}));

    @TempDir
    Path dir;

    @Test
    void stateFileSitsBesideThePartFileOfItsTarget() {
        assertEquals(dir.resolve("a.bin.part.state"), ResumeState.pathFor(dir.resolve("a.bin")));
    }

    @Test
    void aLinkUnderTheTemporarysNameIsNeverWrittenThrough() throws IOException {
        var victim = Files.writeString(dir.resolve("victim.txt"), "keep me");
        var path = dir.resolve("out").resolve("a.bin.part.state");
        Files.createDirectories(path.getParent());
        Files.createSymbolicLink(path.resolveSibling("a.bin.part.state.tmp"), victim);

        STATE.write(path);

        assertEquals("keep me", Files.readString(victim));
        assertEquals(URL, ResumeState.read(path).orElseThrow().url());
        assertEquals(List.of("a.bin.part.state"), names(path.getParent()));
    }

    @Test
    void writtenStateReadsBackTheSame() throws IOException {
        var path = dir.resolve("a.bin.part.state");
        STATE.write(path);

        var read = ResumeState.read(path).orElseThrow();
        assertEquals(URL, read.url());
        assertEquals(1_000, read.size());
        assertEquals("\"etag-1\"", read.validator());
        assertEquals(2, read.done().size());
        assertArrayEquals(new long[] {0, 100}, read.done().get(0));
        assertArrayEquals(new long[] {500, 800}, read.done().get(1));
    }

    @Test
    void writeLeavesNoTemporaryFileBehind() throws IOException {
        STATE.write(dir.resolve("a.bin.part.state"));
        assertEquals(List.of(dir.resolve("a.bin.part.state")), Files.list(dir).toList());
    }

    @Test
    void aWriteThatFailsLeavesNoTemporaryFileBehind() throws IOException {
        var path = Files.createDirectories(dir.resolve("a.bin.part.state")); // a directory in the way: the move fails
        Files.writeString(path.resolve("x"), "x");

        assertThrows(IOException.class, () -> STATE.write(path));

        assertEquals(List.of("a.bin.part.state"), names(dir));
    }

    @Test
    void stateWithoutValidatorReadsBack() throws IOException {
        var path = dir.resolve("s");
        new ResumeState(URL, 10, null, List.of()).write(path);
        assertEquals(Optional.empty(), ResumeState.read(path).map(ResumeState::validator));
        assertTrue(ResumeState.read(path).isPresent());
    }

    /** URLs and validators as servers and users write them: quotes, backslashes, controls, any script, a lone surrogate. */
    static final List<String> AWKWARD = List.of("http://h/a\\\"b\".bin", "W/\"x\\y\"", "http://h/a\tb\u0001\u001f",
            "\"e\r\n\"", "http://h/été/\ud83d\ude00.bin", "\"\ud800x\"", "\u2028\u007f");

    @Test
    void urlAndValidatorOfAnyCharactersReadBackTheSame() throws IOException {
        var path = dir.resolve("s");
        for (var text : AWKWARD) {
            new ResumeState(text, 10, text, List.of(new long[] {0, 10})).write(path);

            var read = ResumeState.read(path).orElseThrow();
            assertEquals(text, read.url());
            assertEquals(text, read.validator());
        }
    }

    @Test
    void doneBytesAddsUpTheRuns() {
        assertEquals(400, STATE.doneBytes());
    }

    @Test
    void missingStateFileIsEmpty() {
        assertEquals(Optional.empty(), ResumeState.read(dir.resolve("none")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            cut off                     | {"format":1,"url":
            another format              | {"format":2,"url":"URL","size":10,"done":[]}
            overlapping runs            | {"format":1,"url":"URL","size":10,"done":[[0,5],[4,8]]}
            a run beyond the size       | {"format":1,"url":"URL","size":10,"done":[[0,11]]}
            an empty run                | {"format":1,"url":"URL","size":10,"done":[[3,3]]}
            """)
    void doubtfulStateIsNotTrusted(String why, String json) throws IOException {
        assertEquals(Optional.empty(), read(json.replace("URL", URL)), why);
    }

    @Test
    void unknownFieldsAreSkipped() throws IOException {
        var read = read("{\"format\":1,\"later\":{\"x\":[1]},\"url\":\"" + URL + "\",\"size\":10,\"done\":[[0,4]]}");
        assertEquals(4, read.orElseThrow().doneBytes());
    }

    @Test
    void sameUrlSizeAndValidatorMatch() {
        assertEquals(Optional.empty(), STATE.mismatch(URL, 1_000, "\"etag-1\""));
    }

    @Test
    void anotherUrlIsAMismatch() {
        assertEquals(Optional.of("the part file belongs to another URL"), STATE.mismatch(URL + "x", 1_000, "\"etag-1\""));
    }

    @Test
    void changedSizeIsAMismatchNamingBothSizes() {
        assertEquals(Optional.of("the size changed from 1000 to 999 bytes"), STATE.mismatch(URL, 999, "\"etag-1\""));
    }

    @Test
    void changedValidatorIsAMismatchNamingBoth() {
        var why = STATE.mismatch(URL, 1_000, "\"etag-2\"").orElseThrow();
        assertTrue(why.contains("\"etag-1\"") && why.contains("\"etag-2\""), why);
    }

    @Test
    void aValidatorTheServerNoLongerSendsIsSaidSoNotCalledNull() {
        assertEquals(Optional.of("the server no longer says which version it serves (validator \"etag-1\" gone)"),
                STATE.mismatch(URL, 1_000, null));
    }

    @Test
    void deleteRemovesTheStateOfATarget() throws IOException {
        var target = dir.resolve("a.bin");
        STATE.write(ResumeState.pathFor(target));
        ResumeState.delete(target);
        assertFalse(Files.exists(ResumeState.pathFor(target)));
    }

    private Optional<ResumeState> read(String json) throws IOException {
        var path = Files.writeString(dir.resolve("x.part.state"), json);
        return ResumeState.read(path);
    }

    private static List<String> names(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
