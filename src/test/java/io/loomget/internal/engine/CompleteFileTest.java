package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.internal.io.CommitRecord;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code -c} takes for a complete file: the rule on its own, without disk or network. */
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
    void anUnknownSizeIsNeverComplete() {
        assertFalse(CompleteFile.holds(0, 1, Optional.empty(), URL, -1, null));
    }
}
