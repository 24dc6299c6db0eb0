package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.LocalCa;
import io.loomget.testsupport.Prerequisites;
import io.loomget.testsupport.RangeServerExtension;
import io.loomget.testsupport.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The distribution as a user installs it (README: Install): the tarball and the .deb that
 * {@code ./mvnw -Pdist verify} made, unpacked into a temporary directory ({@code tar -x}, {@code dpkg -x})
 * and run with an empty PATH and no JAVA_HOME, so only the runtime inside the package can run loomget.
 * {@code -XX:AOTMode=on} (through JDK_JAVA_OPTIONS, which the packaged java reads) makes the JVM refuse to
 * start unless the AOT cache made at build time is used.
 */
@Timeout(300)
@ExtendWith(RangeServerExtension.class)
class PackagedLoomgetIT {

    @TempDir
    static Path unpacked;

    @TempDir
    Path dir;

    private static String version;

    @BeforeAll
    static void unpack() throws IOException, InterruptedException {
        var tarball = Path.of(property("loomget.dist.tarball"));
        var deb = Path.of(property("loomget.dist.deb"));
        version = property("loomget.version");
        Prerequisites.require("tar", Files.isExecutable(Path.of("/usr/bin/tar")) || Files.isExecutable(Path.of("/bin/tar")));
        Prerequisites.require("dpkg", Files.isExecutable(Path.of("/usr/bin/dpkg")));
        Files.createDirectories(unpacked.resolve("tar"));
        exec(List.of("tar", "-xzf", tarball.toString(), "-C", unpacked.resolve("tar").toString()));
        exec(List.of("dpkg", "-x", deb.toString(), unpacked.resolve("deb").toString()));
    }

    /** A system property the failsafe configuration of the dist profile sets. */
    private static String property(String name) {
        var value = System.getProperty(name);
        if (value == null) {
            throw new AssertionError(name + " is not set: run this test with ./mvnw -Pdist verify");
        }
        return value;
    }

    private static void exec(List<String> command) throws IOException, InterruptedException {
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), command + " did not finish");
        assertEquals(0, p.exitValue(), command + ": " + out);
    }

    /** bin/loomget of an installation: "tar" (the tarball's tree) or "deb" (the package's /usr). */
    private static Path loomget(String installation) {
        return switch (installation) {
            case "tar" -> unpacked.resolve("tar/loomget-" + version + "/bin/loomget");
            case "deb" -> unpacked.resolve("deb/usr/bin/loomget");
            default -> throw new IllegalArgumentException(installation);
        };
    }

    /** Runs the installed loomget as a user would, in an environment that holds no JDK. */
    private Cli.Result run(String installation, String... args) throws IOException, InterruptedException {
        var out = dir.resolve("stdout.txt");
        var err = dir.resolve("stderr.txt");
        var builder = asAUser(installation, args).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        var process = builder.start();
        try {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "loomget did not finish in 120 s: " + Files.readString(err));
        } finally {
            process.destroyForcibly();
        }
        return new Cli.Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The installed loomget with {@code args}, in an environment that holds no JDK and refuses to run without its AOT cache. */
    private ProcessBuilder asAUser(String installation, String... args) throws IOException {
        var emptyPath = Files.createDirectories(dir.resolve("empty-path"));
        var command = new ArrayList<String>();
        command.add(loomget(installation).toString());
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).directory(dir.toFile());
        var env = builder.environment();
        env.clear();
        env.put("PATH", emptyPath.toString());
        env.put("HOME", dir.toString());
        env.put("JDK_JAVA_OPTIONS", "-XX:AOTMode=on");
        return builder;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tar", "deb"})
    void fetchesOverHttpsStartingFromItsCacheForHttpsRuns(String installation) throws Exception {
        var ca = LocalCa.create(Files.createDirectories(dir.resolve("ca")), "packaged-ca");
        var keyStore = ca.keyStore(ca.issue("server", "IP:127.0.0.1", false), "loomget-training");
        var links = dir.resolve("links.txt");
        // The installed loomget's own demo server, over TLS as for the training of that cache.
        var server = asAUser(installation, "demo", "--serve-only", links.toString(), "--serve-tls", keyStore.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var ready = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream()))) {
            assertEquals("ready", ready.readLine());
            var url = Files.readAllLines(links).getLast();
            assertTrue(url.startsWith("https://127.0.0.1:"), url);

            // AOTMode=on: the JVM would refuse to start if the https cache were missing or did not match.
            var result = run(installation, "--ca-certificate", ca.certificate().toString(), "-d",
                    dir.resolve("out").toString(), url);

            assertEquals(0, result.exit(), result::all);
            assertEquals(1024, Files.size(dir.resolve("out").resolve(url.substring(url.lastIndexOf('/') + 1))));
            server.getOutputStream().close();
            assertEquals(0, server.waitFor(), "the server exits when stdin closes");
        } finally {
            server.destroyForcibly();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tar", "deb"})
    void printsItsVersionWithNoJdkOnPathUsingItsAotCache(String installation) throws Exception {
        var result = run(installation, "--version");

        assertEquals(0, result.exit(), result::all);
        assertTrue(result.out().startsWith("loomget " + version), result::all);
    }

    /** A user whose shell exports CDPATH, running the tarball's loomget by a relative path from its top directory. */
    @Test
    void runsByARelativePathWithCdpathExported() throws Exception {
        var tree = unpacked.resolve("tar/loomget-" + version);
        var elsewhere = Files.createDirectories(dir.resolve("elsewhere/bin/../lib/loomget").normalize());
        var builder = new ProcessBuilder("/bin/bash", "-c", "bin/loomget --version").directory(tree.toFile());
        var env = builder.environment();
        env.clear();
        env.put("PATH", Files.createDirectories(dir.resolve("empty-path")).toString());
        env.put("HOME", dir.toString());
        env.put("CDPATH", ".:" + elsewhere.getParent().getParent());
        var p = builder.redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "loomget did not finish");

        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("loomget " + version), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tar", "deb"})
    void runsTheDemo(String installation) throws Exception {
        var result = run(installation, "demo", "-d", dir.resolve("demo").toString());

        assertEquals(0, result.exit(), result::all);
        assertTrue(result.out().contains("All 6 checksums match."), result::all);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tar", "deb"})
    void downloadsAFileInRangesFromAServer(String installation, RangeServer server) throws Exception {
        var content = Content.generated(3 * 1024 * 1024 + 7, 20);
        server.add("/payload.bin", content);

        var result = run(installation, "-x", "4", "-d", dir.resolve("out").toString(), server.uri("/payload.bin").toString());

        assertEquals(0, result.exit(), result::all);
        assertEquals(content.sha256Hex(), Sha256.of(dir.resolve("out/payload.bin")));
        assertTrue(server.requests().stream().filter(r -> r.status() == 206).count() >= 2,
                () -> "ranges requested: " + server.requests());
    }

    /** The launcher looks into a links file (for the https cache, for a long run) with tools that an empty PATH does not hold. */
    @ParameterizedTest
    @ValueSource(strings = {"tar", "deb"})
    void downloadsTheLinksOfAFileWithAnEmptyPath(String installation, RangeServer server) throws Exception {
        var content = Content.generated(64 * 1024, 21);
        server.add("/listed.bin", content);
        var links = Files.writeString(dir.resolve("links.txt"), server.uri("/listed.bin") + "\n");

        var result = run(installation, "-d", dir.resolve("out").toString(), "-i", links.toString());

        assertEquals(0, result.exit(), result::all);
        assertEquals(List.of(), result.err().lines().filter(line -> !line.startsWith("NOTE: Picked up JDK_JAVA_OPTIONS")).toList(),
                result::all);
        assertEquals(content.sha256Hex(), Sha256.of(dir.resolve("out/listed.bin")));
    }

    @Test
    void debInstallsTheManPageWhereManLooks() throws IOException {
        try (InputStream page = new GZIPInputStream(Files.newInputStream(unpacked.resolve("deb/usr/share/man/man1/loomget.1.gz")))) {
            assertEquals(Files.readString(Docs.dir().resolve("loomget.1")), new String(page.readAllBytes()));
        }
    }

    @Test
    void debInstallsTheBashCompletionWhereBashCompletionLooks() throws IOException {
        var script = unpacked.resolve("deb/usr/share/bash-completion/completions/loomget");

        assertEquals(Files.readString(Docs.dir().resolve("loomget_completion.bash")), Files.readString(script));
    }

    /** fish, as a user's interactive fish finds it: vendor completions under XDG_DATA_DIRS, loomget on PATH. */
    @ParameterizedTest
    @ValueSource(strings = {"tar", "deb"})
    void fishCompletesOptionsThroughTheInstalledBashScript(String installation) throws Exception {
        Prerequisites.require("fish", Files.isExecutable(Path.of("/usr/bin/fish")));
        var bin = loomget(installation).getParent();
        var share = bin.resolveSibling("share");
        var builder = new ProcessBuilder("/usr/bin/fish", "-c", "complete -C 'loomget --lim'; complete -C 'loomget demo --thr'")
                .directory(dir.toFile()).redirectErrorStream(true);
        var env = builder.environment();
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("HOME", dir.toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("XDG_DATA_HOME", dir.resolve("data").toString());
        env.put("XDG_DATA_DIRS", share.toString());
        var p = builder.start();
        var out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "fish did not finish");

        assertEquals(List.of("--limit-rate", "--threads"), out.lines().toList(), out);
    }

    @Test
    void debInstallsTheZshCompletionWhereDebiansZshLooks() throws IOException {
        var function = Files.readString(unpacked.resolve("deb/usr/share/zsh/vendor-completions/_loomget"));

        assertTrue(function.startsWith("#compdef loomget"), function);
        assertTrue(Files.isRegularFile(unpacked.resolve("deb/usr/share/zsh/vendor-completions")
                .resolve("../../bash-completion/completions/loomget").normalize()), "the bash script it runs");
    }

    /** README: the tarball unpacked into ~/.local, whose share/ and bin/ hold the user's other files already. */
    @Test
    void tarballUnpackedIntoAPrefixLeavesThePrefixsOwnDirectoriesAsTheyWere() throws Exception {
        var prefix = dir.resolve("home/.local");
        var privateDir = PosixFilePermissions.fromString("rwx------");
        for (var shared : List.of("share", "bin", "share/man")) {
            Files.createDirectories(prefix.resolve(shared));
            Files.setPosixFilePermissions(prefix.resolve(shared), privateDir);
        }

        exec(List.of("tar", "-xzf", property("loomget.dist.tarball"), "-C", prefix.toString(), "--strip-components=1"));

        for (var shared : List.of("share", "bin", "share/man")) {
            assertEquals(privateDir, Files.getPosixFilePermissions(prefix.resolve(shared)), shared);
        }
        assertTrue(Files.isRegularFile(prefix.resolve("share/man/man1/loomget.1")));
        assertTrue(Files.isExecutable(prefix.resolve("bin/loomget")));
    }

    @Test
    void tarballCarriesTheThirdPartyNoticesAndTheRuntimesLicences() {
        var tree = unpacked.resolve("tar/loomget-" + version);

        assertTrue(Files.isRegularFile(tree.resolve("share/doc/loomget/THIRD-PARTY-NOTICES")));
        assertTrue(Files.isRegularFile(tree.resolve("share/doc/loomget/licenses/Apache-2.0")));
        assertTrue(Files.isDirectory(tree.resolve("lib/loomget/runtime/legal/java.base")));
    }

    @Test
    void runtimeHoldsOnlyTheModulesLoomgetUses() throws IOException {
        var release = Files.readString(unpacked.resolve("tar/loomget-" + version + "/lib/loomget/runtime/release"));

        assertTrue(release.contains("java.net.http"), release);
        assertFalse(release.contains("java.desktop"), release);
    }
}
