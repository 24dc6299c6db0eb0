package io.loomget.ux;

import java.nio.file.Path;

/** Where the generated documentation lives in the checkout, and how to make it again. */
final class Docs {

    static final String REGENERATE = """
            regenerate the docs:
              ./loomget generate-man-page > src/docs/loomget.adoc
              asciidoctor -b manpage src/docs/loomget.adoc -o src/docs/loomget.1
              ./loomget generate-completion > src/docs/loomget_completion.bash""";

    private Docs() {}

    static Path dir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("src/docs");
    }
}
