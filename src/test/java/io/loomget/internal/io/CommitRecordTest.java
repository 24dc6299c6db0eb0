package io.loomget.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record a committed file carries in its {@code user.loomget.commit} attribute. */
class CommitRecordTest {

    @TempDir
    Path dir;

    @Test
    void recordReadsBackTheSame() throws IOException {
        var file = Files.write(dir.resolve("f.bin"), new byte[10]);
        var record = new CommitRecord("http://h/f.bin", 10, "\"v1\"", 1_733_400_000_123L);

        assertTrue(record.writeTo(file), "the temporary directory must keep user extended attributes");
        assertEquals(Optional.of(record), CommitRecord.readFrom(file));
    }

    @Test
    void recordWithoutValidatorReadsBackTheSame() throws IOException {
        var file = Files.write(dir.resolve("f.bin"), new byte[0]);
        var record = new CommitRecord("http://h/f.bin", 0, null, 0);

        assertTrue(record.writeTo(file));
        assertEquals(Optional.of(record), CommitRecord.readFrom(file));
    }

    @Test
    void urlAndValidatorOfAnyCharactersReadBackTheSame() throws IOException {
        var file = Files.write(dir.resolve("f.bin"), new byte[1]);
        for (var text : ResumeStateTest.AWKWARD) {
            var record = new CommitRecord(text, 1, text, 42);

            assertTrue(record.writeTo(file));
            assertEquals(Optional.of(record), CommitRecord.readFrom(file), text);
        }
    }

    @Test
    void aFileWithoutRecordHasNone() throws IOException {
        var file = Files.write(dir.resolve("f.bin"), new byte[1]);
        assertEquals(Optional.empty(), CommitRecord.readFrom(file));
    }
}
