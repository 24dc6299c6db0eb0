package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.internal.io.CommitRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code -c} takes for a complete file: the rule on its own, and on what is on disk. */
class CompleteFileTest {

    private static final String URL = "http://h/f.bin";
    private static final String ETAG = "\"v1\"";
    private static final Optional<CommitRecord> RECORD = Optional.of(new CommitRecord(URL, 100, ETAG, 5000));

    @Test
    void aRecordedFileIsCompleteWhenUrlSizeAndValidatorStillMatch() {
        assertTrue(CompleteFile.holds(100, 5000, RECORD, URL, 100, ETAG));
    }

    @Test
    void aNewValidatorMeansTheServerHasAnotherFile() {
        assertFalse(CompleteFile.holds(100, 5000, RECORD, URL, 100, "\"v2\""));
    }

    @Test
    void anotherUrlIsNotTheRecordedDownload() {
        assertFalse(CompleteFile.holds(100, 5000, RECORD, "http://h/other.bin", 100, ETAG));
    }

    @Test
    void aFileModifiedSinceItsCommitIsNotTrusted() {
        assertFalse(CompleteFile.holds(100, 6000, RECORD, URL, 100, ETAG));
    }

    @Test
    void withoutARecordTheSizeDecides() {
        assertTrue(CompleteFile.holds(100, 1, Optional.empty(), URL, 100, ETAG));
        assertFalse(CompleteFile.holds(99, 1, Optional.empty(), URL, 100, ETAG));
    }

    @Test
    void forConditionalGetOnlyARecordOfTheServersVersionSaysTheFileIsCurrent() {
        assertTrue(CompleteFile.holds(100, 5000, RECORD, URL, 100, ETAG, true));
        assertFalse(CompleteFile.holds(100, 1, Optional.empty(), URL, 100, ETAG, true), "a size is no version");
        var noValidator = Optional.of(new CommitRecord(URL, 100, null, 5000));
        assertFalse(CompleteFile.holds(100, 5000, noValidator, URL, 100, null, true), "nor is a record without a validator");
    }

    @Test
    void anUnknownSizeIsNeverComplete() {
        assertFalse(CompleteFile.holds(0, 1, Optional.empty(), URL, -1, null));
    }

    @Test
    void aMissingFileIsNotComplete(@TempDir Path dir) throws IOException {
        assertFalse(CompleteFile.holds(dir.resolve("f.bin"), URL, 100, null));
    }

    @Test
    void aFileOfTheRightSizeWithoutARecordIsComplete(@TempDir Path dir) throws IOException {
        var file = Files.write(dir.resolve("f.bin"), new byte[100]);
        assertTrue(CompleteFile.holds(file, URL, 100, null));
    }

    @Test
    void aLinkToAFileOfTheRightSizeIsNotComplete(@TempDir Path dir) throws IOException {
        var elsewhere = Files.write(dir.resolve("elsewhere.bin"), new byte[100]);
        var link = Files.createSymbolicLink(dir.resolve("f.bin"), elsewhere);
        assertFalse(CompleteFile.holds(link, URL, 100, null));
    }

    @Test
    void aDirectoryIsNotComplete(@TempDir Path dir) throws IOException {
        assertFalse(CompleteFile.holds(Files.createDirectory(dir.resolve("f.bin")), URL, 100, null));
    }
}
