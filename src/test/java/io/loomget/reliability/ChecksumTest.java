package io.loomget.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.Checksum;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.testsupport.Dirs;
import io.loomget.testsupport.OneFileServed;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --checksum ALGO=HEX}: checked before the final rename; a mismatch leaves nothing behind. */
@Timeout(30)
class ChecksumTest extends OneFileServed {

    ChecksumTest() {
        super("/c.bin", Content.generated(600_000, 55));
    }

    private static final String NAME = "c.bin";

    private FileResult download(Checksum checksum) {
        var settings = TestSettings.into(dir).connectionsPerFile(4).minSplitSize(64 * 1024).build();
        return Support.download(settings, DownloadRequest.of(server.uri(path)).withChecksum(checksum));
    }

    private static String hex(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sha-256", "sha-1", "md5"})
    void rightChecksumLetsTheFileThrough(String algorithm) throws Exception {
        var javaName = switch (algorithm) {
            case "sha-256" -> "SHA-256";
            case "sha-1" -> "SHA-1";
            default -> "MD5";
        };
        var result = download(Checksum.parse(algorithm + "=" + hex(javaName, content.readAll()).toUpperCase()));

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(content.sha256Hex(), Sha256.of(downloaded.path()));
        assertEquals(List.of(NAME), Dirs.names(dir));
    }

    @Test
    void wrongChecksumFailsTheFileAndLeavesNothing() throws Exception {
        var wrong = hex("SHA-256", "something else".getBytes());

        var result = download(Checksum.parse("sha-256=" + wrong));

        var failed = assertInstanceOf(FileResult.Failed.class, result, () -> "got " + result);
        assertTrue(failed.reason().toLowerCase().contains("checksum"), failed.reason());
        assertEquals(io.loomget.FailureReason.Kind.CHECKSUM_MISMATCH, failed.kind());
        assertEquals(List.of(), Dirs.names(dir), "no final file, no part file");
    }

    @Test
    void wrongChecksumAfterADownloadLongEnoughToSaveResumeStateLeavesNothing() throws Exception {
        // Throttled past the engine's 2 s state interval, so a NAME.part.state exists before the check.
        server.behave(path, Behaviour.builder().rate(60_000).build());
        var wrong = hex("SHA-256", "something else".getBytes());

        var result = download(Checksum.parse("sha-256=" + wrong));

        assertInstanceOf(FileResult.Failed.class, result, () -> "got " + result);
        assertEquals(List.of(), Dirs.names(dir), "a discarded download leaves no part and no state file");
    }

    @Test
    void wrongChecksumDoesNotDisturbAnExistingFileOfTheSameName() throws Exception {
        var existing = dir.resolve(NAME);
        java.nio.file.Files.writeString(existing, "keep me");

        var result = download(Checksum.parse("sha-256=" + hex("SHA-256", new byte[1])));

        assertInstanceOf(FileResult.Failed.class, result, () -> "got " + result);
        assertEquals("keep me", java.nio.file.Files.readString(existing));
        assertEquals(List.of(NAME), Dirs.names(dir));
    }
}
