package io.loomget.testsupport;


import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A tmpfs mounted on a directory for one test: a disk that is tiny or read-only, which root (who
 * runs these tests) cannot otherwise get. Mounting needs root: elsewhere the test is skipped,
 * except in CI, which must be able to.
 */
public final class Tmpfs implements AutoCloseable {

    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs with {@code options} (e.g. {@code size=1m}, {@code ro,size=1m}) on {@code dir}. */
    public static Tmpfs mount(Path dir, String options) throws IOException, InterruptedException {
        var mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        boolean mounted = mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0;
        Prerequisites.require("mounting a tmpfs (needs root): "
                + new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip(), mounted);
        return new Tmpfs(dir);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("umount", dir.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }
}
