package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.testsupport.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --netrc-file}: logins go to the host they name, with every range, and nowhere else. */
@Timeout(60)
class NetrcLoginsTest extends OneFileBehindRelay {

    NetrcLoginsTest() {
        super(Content.generated(700_000, 41));
    }

    private Path netrc(String text, String permissions) throws Exception {
        var file = Files.writeString(Files.createTempDirectory("netrc").resolve(".netrc"), text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void theHostsLoginGoesWithEveryRequestAndIsNeverPrinted() throws Exception {
        var file = netrc("machine 127.0.0.1 login alice password " + CredentialsTest.SECRET + "\n", "rw-------");

        var result = cli("--netrc-file", file.toString(), relay.uri("/file.bin").toString());

        assertEquals(0, result.exit(), result::all);
        assertTrue(relay.requests().size() > 1, relay.requests()::toString);
        assertTrue(relay.requests().stream().allMatch(r -> CredentialsTest.BASIC.equals(r.header("Authorization"))),
                relay.requests()::toString);
        assertFalse(result.all().contains(CredentialsTest.SECRET), result::all);
        assertEquals("", result.err(), "no warning for a private file");
        assertEquals(content.sha256Hex(), Sha256.of(dir.resolve("file.bin")));
    }

    @Test
    void theNetrcInHomeIsReadAsCurlAndWgetFindIt() throws Exception {
        var home = netrc("machine 127.0.0.1 login alice password " + CredentialsTest.SECRET + "\n", "rw-------").getParent();

        var result = Subprocess.run(dir, java.util.Map.of("HOME", home.toString()),
                List.of("-q", "-d", dir.toString(), "-n", relay.uri("/file.bin").toString()));

        assertEquals(0, result.exit(), result::all);
        assertTrue(relay.requests().stream().allMatch(r -> CredentialsTest.BASIC.equals(r.header("Authorization"))),
                relay.requests()::toString);
        assertEquals(content.sha256Hex(), Sha256.of(dir.resolve("file.bin")));
    }

    @Test
    void aNetrcSharedWithOtherToolsIsReadAsTheyReadIt() throws Exception {
        // ~/.netrc is read by default and written for other programs too: an ftp login without a password,
        // another client's "port" word. curl, wget2 and aria2 use the file; it must not stop every run.
        var home = netrc("""
                machine ftp.example.org login anonymous
                port 21
                machine 127.0.0.1 login alice password %s
                """.formatted(CredentialsTest.SECRET), "rw-------").getParent();

        var result = Subprocess.run(dir, java.util.Map.of("HOME", home.toString()),
                List.of("-q", "-d", dir.toString(), relay.uri("/file.bin").toString()));

        assertEquals(0, result.exit(), result::all);
        assertTrue(relay.requests().stream().allMatch(r -> CredentialsTest.BASIC.equals(r.header("Authorization"))),
                relay.requests()::toString);
        assertEquals(content.sha256Hex(), Sha256.of(dir.resolve("file.bin")));
    }

    @Test
    void anEntryWithoutAPasswordSendsAnEmptyOneAsCurlAndAria2Do() throws Exception {
        var file = netrc("machine 127.0.0.1 login alice\n", "rw-------");

        var result = cli("--netrc-file", file.toString(), relay.uri("/file.bin").toString());

        assertEquals(0, result.exit(), result::all);
        var aliceWithoutPassword = "Basic " + java.util.Base64.getEncoder().encodeToString("alice:".getBytes());
        assertTrue(relay.requests().stream().allMatch(r -> aliceWithoutPassword.equals(r.header("Authorization"))),
                relay.requests()::toString);
    }

    @Test
    void theUrlIsNamedAsGivenSoThatARunWithTheLoginFromElsewhereFindsTheFileComplete() throws Exception {
        var file = netrc("machine 127.0.0.1 login alice password " + CredentialsTest.SECRET + "\n", "rw-------");
        var url = relay.uri("/file.bin").toString();

        var first = cli("--no-netrc", "--user", "alice:" + CredentialsTest.SECRET, url);
        var second = cli("--netrc-file", file.toString(), "-c", "--json", url);

        assertEquals(0, first.exit(), first::all);
        assertEquals(0, second.exit(), second::all);
        assertTrue(second.out().contains("\"url\":\"" + url + "\""), second::all); // not http://***@...
        try (var files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("file.bin")), files.toList(), "found complete, not fetched again as file.1.bin");
        }
    }

    @Test
    void anotherHostsLoginIsNotSent() throws Exception {
        var file = netrc("machine files.example.org login alice password x\n", "rw-------");

        var result = cli("--netrc-file", file.toString(), relay.uri("/file.bin").toString());

        assertEquals(0, result.exit(), result::all);
        assertTrue(relay.requests().stream().allMatch(r -> r.header("Authorization") == null), relay.requests()::toString);
    }

    @Test
    void theUserOptionWinsOverTheFile() throws Exception {
        var file = netrc("default login mallory password wrong\n", "rw-------");

        var result = cli("--netrc-file", file.toString(), "--user", "alice:" + CredentialsTest.SECRET,
                relay.uri("/file.bin").toString());

        assertEquals(0, result.exit(), result::all);
        assertTrue(relay.requests().stream().allMatch(r -> CredentialsTest.BASIC.equals(r.header("Authorization"))),
                relay.requests()::toString);
    }

    @Test
    void theHostsLoginGoesWithARedirectWithinThatHost() throws Exception {
        server.behave("/away.bin", Behaviour.builder().redirectTo(relay.uri("/file.bin").toString()).build());
        var file = netrc("machine 127.0.0.1 login alice password " + CredentialsTest.SECRET + "\n", "rw-------");

        var result = cli("--netrc-file", file.toString(), relay.uri("/away.bin").toString());

        assertEquals(0, result.exit(), result::all);
        var afterRedirect = relay.requests().stream().filter(r -> r.target().endsWith("/file.bin")).toList();
        assertFalse(afterRedirect.isEmpty(), relay.requests()::toString);
        assertTrue(afterRedirect.stream().allMatch(r -> CredentialsTest.BASIC.equals(r.header("Authorization"))),
                afterRedirect::toString);
    }

    @Test
    void anAuthorizationHeaderIsSentAsGivenOverTheHostsLogin() throws Exception {
        // A token for an API on a host that also has a .netrc entry (read by default): curl and wget2 send the token.
        var file = netrc("machine 127.0.0.1 login alice password " + CredentialsTest.SECRET + "\n", "rw-------");

        var result = cli("--netrc-file", file.toString(), "-H", "Authorization: Bearer t0ken", relay.uri("/file.bin").toString());

        assertEquals(0, result.exit(), result::all);
        assertFalse(relay.requests().isEmpty());
        assertTrue(relay.requests().stream().allMatch(r -> "Bearer t0ken".equals(r.header("Authorization"))),
                relay.requests()::toString);
    }

    @Test
    void theDefaultLoginIsNotSentToTheOriginARedirectLeadsTo() throws Exception {
        // 127.0.0.1 redirects to localhost: another origin, which only "default" would match.
        server.behave("/away.bin", Behaviour.builder().redirectTo("http://localhost:" + relay.port() + "/file.bin").build());
        var file = netrc("machine 127.0.0.1 login alice password " + CredentialsTest.SECRET + "\n", "rw-------");

        var result = cli("--netrc-file", file.toString(), relay.uri("/away.bin").toString());

        assertEquals(0, result.exit(), result::all);
        var afterRedirect = relay.requests().stream().filter(r -> r.target().endsWith("/file.bin")).toList();
        assertFalse(afterRedirect.isEmpty(), relay.requests()::toString);
        assertTrue(afterRedirect.stream().allMatch(r -> r.header("Authorization") == null), afterRedirect::toString);
    }

    @Test
    void aFileOthersCanReadIsWarnedAbout() throws Exception {
        var file = netrc("machine 127.0.0.1 login alice password " + CredentialsTest.SECRET + "\n", "rw-r--r--");

        var result = cli("--netrc-file", file.toString(), relay.uri("/file.bin").toString());

        assertEquals(0, result.exit(), result::all);
        assertEquals("loomget: warning: " + file + " can be read by other users; chmod 600 " + file + "\n",
                result.err().replace("\r", ""));
    }

    @Test
    void aMalformedFileIsAUsageErrorNamingItsLine() throws Exception {
        var file = netrc("machine 127.0.0.1\nlogin alice\npassword \"s3cr3t\n", "rw-------");

        var result = cli("--netrc-file", file.toString(), relay.uri("/file.bin").toString());

        assertEquals(2, result.exit(), result::all);
        assertTrue(result.err().startsWith("loomget: --netrc-file: " + file + ":3: a quoted value is not closed"),
                result::all);
        assertTrue(relay.requests().isEmpty());
    }

    @Test
    void aMissingFileIsAUsageError() {
        var result = cli("--netrc-file", dir.resolve("nope").toString(), relay.uri("/file.bin").toString());

        assertEquals(2, result.exit(), result::all);
        assertTrue(result.err().contains("cannot read " + dir.resolve("nope") + ": no such file"), result::all);
    }
}
