package io.loomget.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CookieFileTest {

    @TempDir
    Path dir;

    @Test
    void readsNetscapeLinesWithHttpOnlyAndSkipsMalformedOnesByLine() throws Exception {
        var file = Files.writeString(dir.resolve("cookies.txt"), """
                # Netscape HTTP Cookie File
                .example.org\tTRUE\t/\tFALSE\t2000000000\tdom\t1
                #HttpOnly_files.example.org\tFALSE\t/dl\tTRUE\t0\tsession\tabc=def
                only\tthree\tfields
                host.example\tMAYBE\t/\tFALSE\t0\tx\ty
                host.example\tFALSE\t/\tFALSE\tsoon\tx\ty
                """);
        var read = CookieFile.read(file);
        assertEquals(List.of(
                new CookieJar.Cookie("example.org", false, "/", false, false, 2000000000, "dom", "1"),
                new CookieJar.Cookie("files.example.org", true, "/dl", true, true, 0, "session", "abc=def")), read.cookies());
        assertEquals(List.of(
                file + ":4: expected 7 TAB-separated fields, found 3",
                file + ":5: subdomains must be TRUE or FALSE, got 'MAYBE'",
                file + ":6: expiry 'soon' is not a number of seconds"), read.problems());
    }

    @Test
    void writtenCookiesReadBackTheSame() throws Exception {
        var cookies = List.of(
                new CookieJar.Cookie("example.org", false, "/", false, false, 2000000000, "dom", "1"),
                new CookieJar.Cookie("files.example.org", true, "/dl", true, true, 0, "session", "abc"));
        var file = dir.resolve("jar.txt");
        CookieFile.write(file, cookies);
        assertEquals(cookies, CookieFile.read(file).cookies());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "no temporary left behind");
        }
    }
}
