package io.loomget.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void aLoginInAUrlIsMaskedWhateverItHolds() {
        assertEquals("http://***@example.org/x", Names.masked("http://user:secret@example.org/x"));
        assertEquals("https://***@example.org:8443/x", Names.masked("https://user@example.org:8443/x"));
        // a raw @ in the password: all of it, up to the host
        assertEquals("http://***@example.org/x", Names.masked("http://user:p@ss@example.org/x"));
    }

    @Test
    void aUrlWithoutALoginOrAlreadyMaskedIsUnchanged() {
        assertEquals("http://example.org/a@b?c=d@e#f@g", Names.masked("http://example.org/a@b?c=d@e#f@g"));
        assertEquals("http://example.org?mail=a@b", Names.masked("http://example.org?mail=a@b"));
        assertEquals("http://***@example.org/x", Names.masked("http://***@example.org/x"));
    }

    @Test
    void theHostKeyKeepsAnExplicitPortBecauseThatIsAnotherServer() {
        assertEquals("example.org", Names.host("https://Example.ORG/a.jpg"));
        assertEquals("127.0.0.1:8080", Names.host("http://127.0.0.1:8080/a.jpg"));
    }

    @Test
    void theAuthorityIsAllTheHostKeyReads() {
        assertEquals("u:p@Example.ORG:8080", Names.authority("http://u:p@Example.ORG:8080/a.jpg?x=/y"));
        assertEquals("example.org", Names.authority("https://example.org?q=a/b"));
        assertEquals("example.org", Names.authority("https://example.org#top"));
        assertEquals("example.org", Names.authority("https://example.org"));
    }

    @Test
    void aUrlGoesUnderItsHostByItsLastPathSegment() {
        assertEquals("example.org/cat.jpg", Names.path("https://example.org/img/cat.jpg?size=2", null));
        assertEquals("127.0.0.1_8080/a b.bin", Names.path("http://127.0.0.1:8080/x/a%20b.bin", null));
    }

    @Test
    void aUrlWithoutAFileNameGetsIndexHtml() {
        assertEquals("example.org/index.html", Names.path("https://example.org/", null));
        assertEquals("example.org/index.html", Names.path("https://example.org", null));
    }

    @Test
    void aNameFromTheUrlLosesItsLeadingDotsAsTheClisDoesAndDotsAloneAreNoName() {
        assertEquals("example.org/env", Names.path("https://example.org/.env", null));
        assertEquals("example.org/index.html", Names.path("https://example.org/files/%2E%2E", null));
        assertEquals("example.org/index.html", Names.path("https://example.org/files/.", null));
    }

    @Test
    void anOutPathIsKeptRelativeAndCleanedByTheEnginesRules() {
        assertEquals("named/b.dat", Names.path("https://example.org/x", "named//b.dat"));
        assertEquals("a/.hidden", Names.path("https://example.org/x", "./a/.hidden")); // a name the input chose, as -o's
        assertEquals("ab/c", Names.path("https://example.org/x", "a:b/c"));
    }

    @Test
    void anOutPathThatLeavesTheRootOrEntersTheManifestIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Names.path("https://example.org/x", "../x"));
        assertThrows(IllegalArgumentException.class, () -> Names.path("https://example.org/x", "a/../../x"));
        assertThrows(IllegalArgumentException.class, () -> Names.path("https://example.org/x", "_manifest/part.parquet"));
        assertThrows(IllegalArgumentException.class, () -> Names.path("https://example.org/x", "/"));
    }

    @Test
    void anAbsoluteOutPathIsTakenAsRelativeToTheRoot() {
        assertEquals("etc/passwd", Names.path("https://example.org/x", "/etc/passwd"));
    }
}
