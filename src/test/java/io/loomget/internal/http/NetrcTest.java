package io.loomget.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetrcTest {

    private static final Netrc FILE = Netrc.parse("""
            # mirrors
            machine files.example.org login alice password s3cret
            machine  Other.Example.org
                login bob
                account ignored
                password "two words \\"quoted\\""
            macdef init
            cd /pub
            get file

            machine files.example.org login later password ignored
            default login anonymous password guest@
            """, ".netrc");

    @ParameterizedTest(name = "{0} -> {1}:{2}")
    @CsvSource(delimiter = '|', textBlock = """
            files.example.org | alice     | s3cret
            other.example.org | bob       | two words "quoted"
            OTHER.example.ORG | bob       | two words "quoted"
            elsewhere.net     | anonymous | guest@
            """)
    void aHostGetsItsOwnEntryElseTheDefault(String host, String user, String password) {
        assertEquals(Optional.of(new Netrc.Login(user, password)), FILE.loginFor(host));
    }

    @Test
    void withoutDefaultAnUnknownHostGetsNothing() {
        var netrc = Netrc.parse("machine a.example login u password p", "n");
        assertTrue(netrc.loginFor("b.example").isEmpty());
        assertEquals(URI.create("http://b.example/x"), netrc.withLogin(URI.create("http://b.example/x")));
    }

    @Test
    void aLoginBecomesTheUrlsUserInfoPercentEncoded() {
        var netrc = Netrc.parse("machine h.example login \"a b\" password p@ss:w+rd", "n");
        var uri = netrc.withLogin(URI.create("https://h.example:8443/dir/f.iso?x=1"));
        assertEquals("https://a%20b:p%40ss%3Aw%2Brd@h.example:8443/dir/f.iso?x=1", uri.toString());
        assertEquals(Optional.of("Basic " + java.util.Base64.getEncoder().encodeToString("a b:p@ss:w+rd".getBytes())),
                JdkTransport.basicAuth(uri));
    }

    @Test
    void aUrlWithItsOwnCredentialsKeepsThem() {
        var uri = URI.create("http://me:mine@h.example/f");
        assertEquals(uri, Netrc.parse("default login u password p", "n").withLogin(uri));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            machine h login u password           | .netrc:1: expected a password after 'password' before the end of the file
            machine h login u password "open     | .netrc:1: a quoted value is not closed
            default login u password p machine   | .netrc:1: expected a host name after 'machine' before the end of the file
            """)
    void aMalformedFileIsRefusedWithItsLine(String text, String message) {
        var e = assertThrows(IllegalArgumentException.class, () -> Netrc.parse(text, ".netrc"));
        assertEquals(message, e.getMessage());
    }

    @Test
    void theLineOfAProblemCountsEarlierLines() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Netrc.parse("machine a login u password p\n\n# c\nmachine b login v password\n", "/home/x/.netrc"));
        assertEquals("/home/x/.netrc:4: expected a password after 'password' before the end of the file", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            machine h login u                          | u |
            machine h password p                       |   | p
            machine h login u machine g login v        | u |
            """)
    void anEntryWithoutPasswordOrLoginHasAnEmptyOneAsCurlAndAria2SendIt(String text, String user, String password) {
        assertEquals(Optional.of(new Netrc.Login(user == null ? "" : user, password == null ? "" : password)),
                Netrc.parse(text, ".netrc").loginFor("h"));
    }

    @Test
    void anEntryWithNeitherGivesNoLogin() {
        assertTrue(Netrc.parse("machine h\nmachine g login v password w", ".netrc").loginFor("h").isEmpty());
    }

    @Test
    void anotherProgramsWordsAreSkippedAsCurlWgetAndAria2SkipThem() {
        // An ftp client's "port", a word outside any entry: the logins around them still count.
        var netrc = Netrc.parse("""
                hostname h
                machine ftp.example login anonymous port 21 password guest
                machine h login u password p
                """, ".netrc");
        assertEquals(Optional.of(new Netrc.Login("anonymous", "guest")), netrc.loginFor("ftp.example"));
        assertEquals(Optional.of(new Netrc.Login("u", "p")), netrc.loginFor("h"));
    }
}
