package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An option's value that happens to be a subcommand's name ({@code -o demo}, {@code -d help}, {@code -U demo})
 * is that option's value, as in curl, wget and aria2: not a usage error ("Expected parameter for option
 * '--out' but found 'demo'"). {@code loomget demo -d demo} runs its download the same way.
 */
@Timeout(60)
class SubcommandNameAsValueTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"demo", "help", "generate-completion"})
    void aFileNamedAfterASubcommand(String name) {
        try (var server = RangeServer.builder().build().start()) {
            server.add("/x.bin", Content.generated(1000, 7));
            var out = tmp.resolve("out");
            var result = Cli.run("-q", "-d", out.toString(), "-o", name, "-U", name, server.uri("/x.bin").toString());
            assertEquals(0, result.exit(), result::all);
            assertTrue(Files.isRegularFile(out.resolve(name)), result::all);
        }
    }
}
