package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.testsupport.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A script of src/dist that the launchers source, run in a real bash with the launcher's {@code set -euo pipefail}. */
record SourcedScript(Path script) {

    static SourcedScript of(String path) {
        return new SourcedScript(Path.of(path).toAbsolutePath());
    }

    /** Runs {@code program} after sourcing the script, with {@code args} as its arguments; its stdout. */
    String run(String program, String... args) throws IOException, InterruptedException {
        Prerequisites.require("bash", Files.isExecutable(Path.of("/bin/bash")));
        var command = new ArrayList<>(List.of("/bin/bash", "-c", "set -euo pipefail\nsource \"$0\"\n" + program,
                script.toString()));
        command.addAll(List.of(args));
        var p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bash did not finish");
        assertEquals(0, p.exitValue(), "bash failed: " + program);
        return out;
    }
}
