package io.loomget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A request can never point outside the output directory, nor carry a header the client would refuse, whoever builds it. */
class DownloadRequestTest {

    private static final URI URL = URI.create("https://example.com/a.iso");

    @ParameterizedTest
    @ValueSource(strings = {"/etc", "../up", "a/../../b"})
    void aDirectoryOutsideTheOutputDirectoryIsRefused(String dir) {
        assertThrows(IllegalArgumentException.class,
                () -> new DownloadRequest(URL, null, Path.of(dir), null, null, Map.of(), "test"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "relative/x.bin", "ftp://example.com/x", "file:///etc/passwd", "mailto:a@example.com", "http:///x"})
    void aUriThatIsNoAbsoluteHttpUrlIsRefusedWhenTheRequestIsMade(String uri) {
        var e = assertThrows(IllegalArgumentException.class, () -> DownloadRequest.of(URI.create(uri)));
        assertTrue(e.getMessage().startsWith("uri must be an absolute http or https URL"), e::getMessage);
        assertThrows(IllegalArgumentException.class, () -> new DownloadRequest(URL, null, null, null, null, Map.of(), "test",
                java.util.List.of(URI.create(uri))));
    }

    @Test
    void moreConnectionsThanMaxRangesAreRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new DownloadRequest(URL, null, null, null, Settings.MAX_RANGES + 1, Map.of(), "test"));
        assertEquals("connections must be at most 65536, got 65537", e.getMessage());
    }

    @Test
    void anEmptyOutNameLeavesTheNameToTheServerOrTheUrl() {
        assertEquals(null, DownloadRequest.of(URL).withOutName("").outName()); // it was saved as index.html
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x.bin", "/abs/x.bin", "sub/", "."})
    void anOutPathThatLeavesTheOutputDirectoryOrNamesNoFileIsRefused(String path) {
        assertThrows(IllegalArgumentException.class, () -> DownloadRequest.of(URL).withOutPath(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sub/x.bin", "./sub/x.bin"})
    void anOutPathBelowTheOutputDirectoryNamesItsDirectoryAndFile(String path) {
        var request = DownloadRequest.of(URL).withOutPath(path);

        assertEquals(Path.of("sub"), request.dir());
        assertEquals("x.bin", request.outName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "Connection", "Content-Length"})
    void aHeaderTheClientWouldRefuseIsRefusedWhenTheRequestIsMade(String name) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new DownloadRequest(URL, null, null, null, null, Map.of(name, "x"), "test"));
        assertEquals("header '" + name + "' cannot be set", e.getMessage().substring(0, e.getMessage().indexOf(':')));
    }

    @Test
    void aHeaderValueWithALineBreakIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DownloadRequest.of(URL).withHeader("X-A", "a\r\nHost: evil"));
    }

    @Test
    void withHeaderReplacesAHeaderOfTheSameNameInAnyCase() {
        var request = DownloadRequest.of(URL).withHeader("x-token", "one").withHeader("Accept", "*/*")
                .withHeader("X-Token", "two");

        assertEquals(Map.of("X-Token", "two", "Accept", "*/*"), request.headers());
    }

    @Test
    void withoutHeaderDropsAHeaderOfThatNameInAnyCase() {
        var request = DownloadRequest.of(URL).withHeader("Referer", "https://a/").withHeader("Accept", "*/*")
                .withoutHeader("referer");

        assertEquals(Map.of("Accept", "*/*"), request.headers());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, -3})
    void fewerThanOneConnectionIsRefusedAsSplit0IsInAnInputFile(int connections) {
        var e = assertThrows(IllegalArgumentException.class, () -> new DownloadRequest(URL, null, null, null, connections,
                java.util.Map.of(), "test"));
        assertTrue(e.getMessage().startsWith("connections must be at least 1"), e.getMessage());
    }
}
