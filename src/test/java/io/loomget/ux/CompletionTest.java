package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.testsupport.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loomget generate-completion}: picocli's bash completion script (zsh runs it through
 * bashcompinit). The script is loaded into a real bash and asked for completions the way bash asks
 * when TAB is pressed.
 */
@Timeout(60)
class CompletionTest {

    @TempDir
    static Path dir;

    private static Path script;
    private static Cli.Result generated;

    @BeforeAll
    static void generate() throws IOException {
        generated = Cli.run("generate-completion");
        script = dir.resolve("loomget_completion");
        Files.writeString(script, generated.out());
    }

    /** What the completion function offers for the words typed so far (the last one being completed). */
    private static List<String> complete(String... words) throws IOException, InterruptedException {
        Prerequisites.require("bash", Files.isExecutable(Path.of("/bin/bash")));
        var line = "loomget " + String.join(" ", words);
        var program = "source \"$1\"\n"
                + "COMP_WORDS=(loomget " + String.join(" ", words.length == 0 ? new String[] {"''"} : words) + ")\n"
                + "COMP_CWORD=" + words.length + "\n"
                + "COMP_LINE='" + line + "'\n"
                + "COMP_POINT=${#COMP_LINE}\n"
                + "_complete_loomget\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        var p = new ProcessBuilder("/bin/bash", "-c", program, "bash", script.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD) // compopt complains outside a real completion
                .start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "bash did not finish");
        return out.lines().filter(s -> !s.isBlank()).toList();
    }

    @Test
    void generateCompletionPrintsABashScriptForLoomget() {
        assertEquals(0, generated.exit(), generated::all);
        assertTrue(generated.out().startsWith("#!/usr/bin/env bash"), generated::all);
        assertTrue(generated.out().contains("complete -F _complete_loomget"), generated::all);
    }

    @Test
    void scriptLoadsZshBashCompatibilityByItself() {
        assertTrue(generated.out().contains("bashcompinit"), "zsh users need bashcompinit");
    }

    @Test
    void completesALongOption() throws Exception {
        assertEquals(List.of("--limit-rate"), complete("--limit"));
    }

    @Test
    void completesEveryOptionOfAGroup() throws Exception {
        var offered = complete("--");
        for (var option : List.of("--input-file", "--dir", "--dry-run", "--max-connection-per-file", "--header",
                "--user-agent", "--proxy", "--json", "--no-color", "--quiet")) {
            assertTrue(offered.contains(option), option + " not in " + offered);
        }
    }

    @Test
    void completesTheThreadKindsAsTheHelpSpellsThem() throws Exception {
        assertEquals(List.of("virtual", "platform"), complete("--threads", ""));
        assertEquals(List.of("virtual"), complete("--threads", "v"));
    }

    @Test
    void completesTheDemoSubcommand() throws Exception {
        assertEquals(List.of("demo"), complete("de"));
    }

    @Test
    void completesTheOptionsOfTheDemoSubcommand() throws Exception {
        assertEquals(List.of("--threads"), complete("demo", "--thr"));
    }

    @Test
    void offersNoHiddenCommand() throws Exception {
        assertEquals(List.of(), complete("generate"));
        assertFalse(generated.out().contains("generate-man-page"), "hidden commands belong to no completion");
    }

    @Test
    void checkedInCompletionScriptIsCurrent() throws IOException {
        var checkedIn = Docs.dir().resolve("loomget_completion.bash");
        assertTrue(Files.exists(checkedIn), checkedIn + " is missing; " + Docs.REGENERATE);
        assertEquals(generated.out(), Files.readString(checkedIn), "src/docs is out of date; " + Docs.REGENERATE);
    }
}
