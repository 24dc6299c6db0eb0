package io.loomget;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the public types print of themselves (into an application's logs): never a password. */
class SecretsInToStringTest {

    private static final String SECRET = "S3CRETpw";

    @Test
    void settingsHideThePasswordsOfTheUserTheProxyAndSecretHeaders() {
        var settings = Settings.builder().outputDir(Path.of("out")).credentials("alice:" + SECRET)
                .proxy("http://puser:" + SECRET + "@127.0.0.1:3128")
                .header("Authorization", "Bearer " + SECRET).header("Cookie", "s=" + SECRET).header("X-Trace", "42").build();

        var text = settings.toString();

        assertFalse(text.contains(SECRET), text);
        assertTrue(text.contains("credentials=alice:***") && text.contains("X-Trace=42"), text);
    }

    @Test
    void headersNamedForATokenKeyOrSecretAreHiddenToo() {
        var request = DownloadRequest.of(URI.create("http://127.0.0.1:1/f.bin")).withHeader("X-Api-Key", SECRET)
                .withHeader("X-Auth-Token", SECRET).withHeader("X-Amz-Security-Token", SECRET).withHeader("Accept", "*/*");

        assertFalse(request.toString().contains(SECRET), request::toString);
        assertTrue(request.toString().contains("*/*"), request::toString);
    }

    @Test
    void aRequestAndEveryResultAboutItHideTheUrlsPassword() {
        var request = DownloadRequest.of(URI.create("http://bob:" + SECRET + "@127.0.0.1:1/f.bin"));
        var results = List.<Object>of(request,
                new FileResult.Failed(request, "connection refused", Duration.ZERO),
                new FileResult.Cancelled(request, Duration.ZERO),
                new DownloadEvent.FileFinished(new FileResult.NotFound(request, 404, Duration.ZERO)));

        for (var value : results) {
            assertFalse(value.toString().contains(SECRET), value::toString);
            assertTrue(value.toString().contains("http://***@127.0.0.1:1/f.bin"), value::toString);
        }
    }

    @Test
    void anInputLineThatIsNoUrlIsReportedWithoutItsPassword() throws IOException {
        var parsed = Links.read(new BufferedReader(new StringReader("ftp://erin:" + SECRET + "@host/x\n")), "in.txt");

        var problem = parsed.problems().getFirst();

        assertFalse(problem.toString().contains(SECRET), problem::toString);
        assertTrue(problem.url().equals("ftp://***@host/x"), problem::url);
    }
}
