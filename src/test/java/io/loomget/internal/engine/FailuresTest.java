package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

/** A failure is told in one line a user can act on, not as a bare exception type. */
class FailuresTest {

    @Test
    void aConnectionTheServerClosedIsSaidInWords() {
        assertEquals("connection closed by the server", Failures.describe(new ClosedChannelException()));
        assertEquals("connection closed by the server",
                Failures.describe(new IOException((String) null, new ClosedChannelException())));
    }

    @Test
    void aConnectFailureWithoutMessageSaysItCannotConnect() {
        assertEquals("cannot connect", Failures.describe(new ConnectException()));
    }

    @Test
    void aConnectFailureWithAMessageKeepsIt() {
        assertEquals("Connection refused", Failures.describe(new ConnectException("Connection refused")));
        assertEquals("cannot connect: timed out", Failures.describe(new ConnectException("timed out")));
    }

    @Test
    void anExceptionWithoutAnyMessageIsNamedByItsType() {
        assertEquals("IllegalStateException", Failures.describe(new IllegalStateException()));
    }

    @Test
    void aFileThatIsGoneOrForbiddenIsSaidInWordsNotByItsPathAlone() {
        assertEquals("no such file: /out/a.bin.part", Failures.describe(new java.nio.file.NoSuchFileException("/out/a.bin.part")));
        assertEquals("permission denied: /out/a.bin", Failures.describe(new java.nio.file.AccessDeniedException("/out/a.bin")));
        assertEquals("a file is in the way: /out", Failures.describe(new java.nio.file.FileAlreadyExistsException("/out")));
        assertEquals("not a directory: /out/x", Failures.describe(new java.nio.file.NotDirectoryException("/out/x")));
    }
}
