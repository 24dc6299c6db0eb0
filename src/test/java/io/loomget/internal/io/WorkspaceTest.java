package io.loomget.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One download's files on disk: what a commit, an abandon and a discard leave behind. */
class WorkspaceTest {

    private static final String URL = "http://example.test/a.bin";

    @TempDir
    Path dir;

    private final TargetRegistry names = new TargetRegistry(false);

    @Test
    void commitGivesThePartFileItsNameAndRemovesTheResumeState() throws IOException {
        var workspace = written("a.bin", "hello");
        workspace.saveState(state(5));

        var committed = workspace.commit(new CommitRecord(URL, 5, "\"v1\"", 0), false);

        assertEquals(dir.resolve("a.bin"), committed);
        assertEquals("hello", Files.readString(committed));
        assertEquals(List.of("a.bin"), listing());
    }

    @Test
    void commitTakesTheNextFreeNameWhenTheReservedOneAppearedMeanwhile() throws IOException {
        var workspace = written("a.bin", "mine");
        Files.writeString(dir.resolve("a.bin"), "someone else's");

        var committed = workspace.commit(new CommitRecord(URL, 4, null, 0), false);

        assertEquals(dir.resolve("a.1.bin"), committed);
        assertEquals("someone else's", Files.readString(dir.resolve("a.bin")));
        assertEquals("mine", Files.readString(committed));
    }

    @Test
    void aNumberedNameTakenMeanwhileGivesTheNextNumberOfTheNameAskedFor() throws IOException {
        Files.writeString(dir.resolve("a.bin"), "older");
        var workspace = written("a.bin", "mine"); // a.bin is taken: the workspace's name is a.1.bin
        Files.writeString(dir.resolve("a.1.bin"), "someone else's");

        var committed = workspace.commit(new CommitRecord(URL, 4, null, 0), false);

        assertEquals(dir.resolve("a.2.bin"), committed);
        assertEquals("mine", Files.readString(committed));
    }

    @Test
    void commitReplacesAnExistingFileOnlyWhenAskedTo() throws IOException {
        var workspace = written("a.bin", "newer");
        Files.writeString(dir.resolve("a.bin"), "older");

        var committed = workspace.commit(new CommitRecord(URL, 5, null, 0), true);

        assertEquals(dir.resolve("a.bin"), committed);
        assertEquals("newer", Files.readString(committed));
        assertEquals(List.of("a.bin"), listing());
    }

    @Test
    void anAbandonedPartFileWithAResumeStateStaysForALaterRun() throws IOException {
        var workspace = written("a.bin", "hel");
        workspace.saveState(state(3));

        workspace.abandon();

        assertEquals(List.of("a.bin.part", "a.bin.part.state"), listing());
        assertEquals(3, ResumeState.read(ResumeState.pathFor(dir.resolve("a.bin"))).orElseThrow().doneBytes());
        assertEquals(dir.resolve("a.1.bin"), names.reserve(dir, "a.bin"), "its part file holds the name on disk");
    }

    @Test
    void anAbandonedPartFileWithoutAResumeStateGoesAndFreesItsName() throws IOException {
        var workspace = written("a.bin", "hel");

        workspace.abandon();

        assertEquals(List.of(), listing());
        assertEquals(dir.resolve("a.bin"), names.reserve(dir, "a.bin"));
    }

    @Test
    void aDiscardedFileLeavesNothingNotEvenItsResumeState() throws IOException {
        var workspace = written("a.bin", "wrong");
        workspace.saveState(state(5));

        workspace.discard();

        assertEquals(List.of(), listing());
        assertEquals(dir.resolve("a.bin"), names.reserve(dir, "a.bin"));
    }

    @Test
    void noResumeStateIsWrittenOnceTheStateIsClosed() throws IOException {
        var workspace = written("a.bin", "hel");

        workspace.closeState();
        workspace.saveState(state(3));

        assertFalse(Files.exists(ResumeState.pathFor(dir.resolve("a.bin"))));
        workspace.abandon();
        assertEquals(List.of(), listing(), "without a state the part file cannot be resumed, so it goes");
    }

    @Test
    void startingOverEmptiesThePartFileAndDropsItsState() throws IOException {
        var workspace = written("a.bin", "hel");
        workspace.saveState(state(3));

        workspace.startOver();

        assertEquals(0, Files.size(workspace.part().path()));
        assertEquals(List.of("a.bin.part", "a.bin.part.lock"), listing(), "locked while the download goes on");
    }

    @Test
    void aResumedWorkspaceKeepsTheEarlierRunsStateUntilItCommits() throws IOException {
        var target = dir.resolve("a.bin");
        Files.writeString(PartFile.pathFor(target), "hel");
        state(3).write(ResumeState.pathFor(target));
        var part = PartFile.existing(target, 5, 3).orElseThrow();
        var workspace = Workspace.resumed(names, names.claim(dir, "a.bin", 0), "a.bin", part, lock(target));

        workspace.abandon();
        assertEquals(List.of("a.bin.part", "a.bin.part.state"), listing(), "interrupted again: still resumable");

        var again = Workspace.resumed(names, names.claim(dir, "a.bin", 0), "a.bin", PartFile.existing(target, 5, 3).orElseThrow(),
                lock(target));
        try (var writer = again.part().openWriter()) {
            writer.write(ByteBuffer.wrap("lo".getBytes(StandardCharsets.US_ASCII)), 3);
        }
        again.commit(new CommitRecord(URL, 5, null, 0), false);
        assertEquals(List.of("a.bin"), listing());
        assertEquals("hello", Files.readString(target));
    }

    @Test
    void aPartFileThatCannotBeCreatedGivesItsNameBack() throws IOException {
        var target = names.reserve(dir, "a.bin");
        Storage failing = new Storage() {
            @Override
            public PartFile create(Path t, long size) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public Optional<PartFile> existing(Path t, long size, long writtenEnd) {
                return Optional.empty();
            }
        };

        assertThrows(IOException.class, () -> Workspace.create(names, failing, target, "a.bin", 10, lock(target)));
        assertEquals(target, names.reserve(dir, "a.bin"));
        assertEquals(List.of(), listing(), "and its lock");
    }

    @Test
    void aPartFileIsCreatedNewNeverTruncatedAndTheNameStaysHeldWhileTheCallerDecidesAboutOneInTheWay() throws IOException {
        var target = names.reserve(dir, "a.bin");
        Files.writeString(PartFile.pathFor(target), "someone else's");

        var lock = lock(target);
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> Workspace.create(names, Storage.DISK, target, "a.bin", 10, lock));
        assertEquals("someone else's", Files.readString(PartFile.pathFor(target)));
        // Another download of the run (another URL of the same name) must not take the name and its part file meanwhile.
        assertEquals(null, names.claim(dir, "a.bin", 0), "the name is still the caller's");
        assertEquals(null, PartLock.tryLock(target, URL), "and so is the part file's lock");
        lock.close();
        names.release(target);
        assertTrue(names.claim(dir, "a.bin", 0) != null, "and goes back when the caller releases it");
    }

    @Test
    void aLinkPutInThePartFilesPlaceIsNeverWrittenThrough() throws IOException {
        var victim = Files.writeString(dir.resolve("victim.txt"), "keep me");
        var workspace = written("a.bin", "hel"); // the first writer was the channel the file was created with
        Files.delete(workspace.part().path());
        Files.createSymbolicLink(workspace.part().path(), victim);

        assertThrows(IOException.class, () -> workspace.part().openWriter());
        assertThrows(IOException.class, () -> workspace.part().force());
        assertEquals("keep me", Files.readString(victim));
    }

    @Test
    void leftoversOfAnEarlierRunAreRemoved() throws IOException {
        var target = dir.resolve("a.bin");
        Files.writeString(PartFile.pathFor(target), "hel");
        state(3).write(ResumeState.pathFor(target));

        Workspace.removeLeftovers(target);

        assertEquals(List.of(), listing());
        assertTrue(Files.isDirectory(dir));
    }

    /** A workspace for {@code name} whose part file holds {@code text}. */
    private Workspace written(String name, String text) throws IOException {
        var target = names.reserve(dir, name);
        var workspace = Workspace.create(names, Storage.DISK, target, name, -1, lock(target));
        try (var writer = workspace.part().openWriter()) {
            writer.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), 0);
        }
        return workspace;
    }

    private static PartLock lock(Path target) throws IOException {
        var lock = PartLock.tryLock(target, URL);
        assertTrue(lock != null, "locked by someone else");
        return lock;
    }

    private static ResumeState state(long doneBytes) {
        return new ResumeState(URL, 5, "\"v1\"", List.<long[]>of(new long[] {0, doneBytes}));
    }

    private List<String> listing() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
