package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.cli.LoomgetCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loomget generate-man-page}: the man page in AsciiDoc, made by picocli's ManPageGenerator
 * from the command's annotations, and the checked-in {@code src/docs/loomget.adoc} and
 * {@code loomget.1} kept in step with it. Also: the generators stay out of {@code --help}.
 */
@Timeout(60)
class ManPageTest {

    private static Cli.Result page;

    @BeforeAll
    static void generate() {
        page = Cli.run("generate-man-page");
    }

    /** The lines of one {@code == Section}, up to the next section or tag. */
    private static List<String> section(String text, String heading) {
        var lines = text.lines().toList();
        int start = lines.indexOf("== " + heading);
        assertTrue(start >= 0, "no section " + heading + " in:\n" + text);
        return lines.subList(start + 1, lines.size()).stream()
                .takeWhile(l -> !l.startsWith("== ") && !l.startsWith("// end::"))
                .filter(l -> !l.isBlank()).toList();
    }

    /** Everything but the lines that carry the version (the jar says 0.1.0, the test class path "dev"). */
    private static String withoutVersion(String adoc) {
        return adoc.lines().filter(l -> !l.startsWith(":revnumber:") && !l.startsWith(":mansource:"))
                .collect(Collectors.joining("\n"));
    }

    @Test
    void generateManPagePrintsAnAsciiDocManPage() {
        assertEquals(0, page.exit(), page::all);
        assertTrue(page.out().contains(":doctype: manpage"), page::all);
        assertTrue(page.out().contains("= loomget(1)"), page::all);
    }

    @Test
    void nameSectionIsOneShortLine() {
        var name = section(page.out(), "Name");
        assertEquals(1, name.size(), name::toString);
        assertTrue(name.getFirst().startsWith("loomget - ") && name.getFirst().length() <= 100, name::toString);
    }

    @Test
    void synopsisHasTheFormsOfTheUsageHelpOnePerLine() {
        var help = Cli.run("--help").out().lines().dropWhile(l -> !l.startsWith("Usage:")).takeWhile(l -> !l.isBlank())
                .map(l -> l.replaceFirst("^Usage:", "").strip()).toList();
        var synopsis = section(page.out(), "Synopsis").stream()
                .map(l -> l.replace("*", "").replace("_", "").replaceFirst(" \\+$", "").strip()).toList();
        assertEquals(help, synopsis);
    }

    @Test
    void everyVisibleOptionIsDescribed() {
        var spec = LoomgetCommand.commandLine().getCommandSpec();
        for (var option : spec.options()) {
            if (!option.hidden()) {
                // "*--header*", or with long aliases grouped by picocli "*--cacert, --ca-certificate*"
                assertTrue(page.out().contains(option.longestName() + "*"), option.longestName() + " missing");
            }
        }
    }

    @Test
    void exampleAndExitStatusFooterIsIncluded() {
        assertTrue(page.out().contains("loomget --json -i links.txt | jq .event"), page::all);
        assertTrue(page.out().contains("Exit status: 0 all downloaded"), page::all);
    }

    @Test
    void hiddenCommandsAreNotInThePage() {
        assertFalse(page.out().contains("generate-completion") || page.out().contains("generate-man-page"), page::all);
    }

    @Test
    void dirOptionWritesAPagePerVisibleCommand(@TempDir Path dir) throws IOException {
        var result = Cli.run("generate-man-page", "-d", dir.toString());

        assertEquals(0, result.exit(), result::all);
        try (var files = Files.list(dir)) {
            assertEquals(List.of("loomget-demo.adoc", "loomget-help.adoc", "loomget.adoc"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(withoutVersion(page.out()), withoutVersion(Files.readString(dir.resolve("loomget.adoc"))));
    }

    @Test
    void usageHelpDoesNotListTheGenerators() {
        var help = Cli.run("--help");

        assertEquals(0, help.exit(), help::all);
        assertTrue(help.out().contains("demo"), help::all);
        assertFalse(help.out().contains("generate-completion") || help.out().contains("generate-man-page"), help::all);
    }

    @Test
    void generatorsExplainThemselvesWithHelp() {
        var completion = Cli.run("generate-completion", "--help");
        var manPage = Cli.run("help", "generate-man-page");

        assertEquals(0, completion.exit(), completion::all);
        assertTrue(completion.out().contains("source <(loomget generate-completion)"), completion::all);
        assertEquals(0, manPage.exit(), manPage::all);
        assertTrue(manPage.out().contains("asciidoctor -b manpage"), manPage::all);
    }

    @Test
    void checkedInAsciiDocIsCurrent() throws IOException {
        var checkedIn = Docs.dir().resolve("loomget.adoc");
        assertTrue(Files.exists(checkedIn), checkedIn + " is missing; " + Docs.REGENERATE);
        assertEquals(withoutVersion(page.out()), withoutVersion(Files.readString(checkedIn)),
                "src/docs is out of date; " + Docs.REGENERATE);
    }

    @Test
    void checkedInTroffPageHasEveryOptionOfTheAsciiDoc() throws IOException {
        var troff = Docs.dir().resolve("loomget.1");
        assertTrue(Files.exists(troff), troff + " is missing; " + Docs.REGENERATE);
        var text = Files.readString(troff);
        assertTrue(text.contains(".TH \"LOOMGET\" \"1\""), "not a troff man page: " + troff);
        var spec = LoomgetCommand.commandLine().getCommandSpec();
        for (var option : spec.options()) {
            if (!option.hidden()) {
                assertTrue(text.contains(option.longestName().replace("-", "\\-")),
                        option.longestName() + " missing from loomget.1; " + Docs.REGENERATE);
            }
        }
    }
}
