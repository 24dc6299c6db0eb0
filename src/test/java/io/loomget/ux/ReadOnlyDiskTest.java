package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.RangeServerExtension;
import io.loomget.testsupport.Tmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output directory loomget cannot write to is a usage error, said in one line before any request
 * is sent. The tests run as root, who may write anywhere a permission bit forbids, so the directory
 * is a read-only tmpfs mounted for the test (root only; skipped elsewhere unless in CI).
 */
@ExtendWith(RangeServerExtension.class)
class ReadOnlyDiskTest {

    @TempDir
    Path tmp;
    private Path disk;
    private Tmpfs mount;
    private RangeServer server;

    @BeforeEach
    void mountAReadOnlyDisk(RangeServer server) throws Exception {
        disk = Files.createDirectories(tmp.resolve("read-only"));
        mount = Tmpfs.mount(disk, "ro,size=1m");
        this.server = server.add("/file.bin", Content.generated(10_000, 3));
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            mount.close();
        }
    }

    @Test
    void aReadOnlyOutputDirectoryIsAUsageErrorBeforeAnyRequest() {
        var result = Cli.run("-d", disk.toString(), server.uri("/file.bin").toString());

        assertEquals(2, result.exit(), result::all);
        assertEquals("loomget: output directory " + disk + " is not writable: read-only file system",
                result.errLines().getFirst(), result::all);
        assertEquals(0, server.requests().size(), "nothing was asked of the server");
    }

    @Test
    void anOutputDirectoryThatCannotBeCreatedIsAUsageErrorNamingIt() {
        var missing = disk.resolve("new");

        var result = Cli.run("-d", missing.toString(), server.uri("/file.bin").toString());

        assertEquals(2, result.exit(), result::all);
        var line = result.errLines().getFirst();
        assertTrue(line.startsWith("loomget: cannot create output directory " + missing + ": "), result::all);
        assertTrue(line.endsWith(": read-only file system"), result::all);
        assertEquals(0, server.requests().size(), "nothing was asked of the server");
    }

    @Test
    void aPartFileThatCannotBeCreatedBelowTheOutputDirectoryIsNamedOnceWithTheReason() {
        var url = server.uri("/file.bin").toString();

        var result = Cli.run("-d", tmp.toString(), "-o", "read-only/file.bin", url);

        assertEquals(1, result.exit(), result::all);
        assertEquals("loomget: failed: " + url + ": cannot create " + disk.resolve("file.bin.part") + ": Read-only file system",
                result.errLines().getFirst(), result::all);
    }

    @Test
    void aDirectoryThatCannotBeCreatedBelowTheOutputDirectorySaysWhatFailed() {
        var url = server.uri("/file.bin").toString();

        var result = Cli.run("-d", tmp.toString(), "-o", "read-only/sub/file.bin", url);

        assertEquals(1, result.exit(), result::all);
        assertEquals("loomget: failed: " + url + ": cannot create directory " + disk.resolve("sub") + ": Read-only file system",
                result.errLines().getFirst(), result::all);
    }
}
