package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.Prerequisites;
import io.loomget.testsupport.RangeServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output directory the user may not write to is a usage error that says "permission denied".
 * The tests run as root, who ignores permission bits; loomget runs here as root without the
 * capabilities that let it (setpriv drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH), so the bits hold.
 */
@ExtendWith(RangeServerExtension.class)
class PermissionDeniedTest {

    /** Root without the capabilities that bypass file permission bits. */
    private static final List<String> WITHOUT_OVERRIDE =
            List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search", "--");

    @TempDir
    Path tmp;

    @Test
    void anOutputDirectoryWithoutWritePermissionIsAUsageErrorSayingPermissionDenied(RangeServer server) throws Exception {
        Prerequisites.require("root and setpriv (util-linux)", isRoot() && Files.isExecutable(Path.of("/usr/bin/setpriv")));
        server.add("/file.bin", Content.generated(10_000, 3));
        var locked = Files.createDirectory(tmp.resolve("locked"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-xr-xr-x")));

        var result = Subprocess.run(tmp, Map.of(), WITHOUT_OVERRIDE, List.of(),
                List.of("-d", locked.toString(), server.uri("/file.bin").toString()));

        assertEquals(2, result.exit(), result::all);
        assertEquals("loomget: output directory " + locked + " is not writable: permission denied",
                result.errLines().getFirst(), result::all);
        assertEquals(0, server.requests().size(), "nothing was asked of the server");
    }

    private static boolean isRoot() throws Exception {
        return "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).strip());
    }
}
