package io.loomget.nginx;

import io.loomget.testsupport.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Where nginx and its echo module are on this machine. */
record NginxInstallation(Path binary, String version, Optional<Path> echoModule) {

    private static final String DEFAULT_ECHO_MODULE = "ngx_http_echo_module.so";

    /** Where nginx lives when it is not on the PATH (Debian puts it in /usr/sbin, not on a user's PATH). */
    static final List<Path> STANDARD_DIRS = List.of(Path.of("/usr/sbin"), Path.of("/usr/local/sbin"),
            Path.of("/usr/local/nginx/sbin"), Path.of("/sbin"));

    private static NginxInstallation cached;

    /** The installation, or a skipped test (a failed one under {@code CI=true}). */
    static synchronized NginxInstallation require() {
        if (cached == null) {
            cached = require(findBinary(System.getenv(), STANDARD_DIRS), onCi(System.getenv("CI")));
        }
        return cached;
    }

    /** Without a binary: a skipped test, or under CI a failure, because CI must install nginx. */
    static NginxInstallation require(Optional<Path> binary, boolean ci) {
        if (binary.isEmpty()) {
            var message = "nginx is not installed (looked at $NGINX, $PATH, " + STANDARD_DIRS + ");"
                    + " install nginx and libnginx-mod-http-echo to run the nginx integration tests";
            Prerequisites.require(message, false, ci);
        }
        return inspect(binary.get());
    }

    static boolean onCi(String ciVariable) {
        return Prerequisites.onCi(ciVariable);
    }

    /** {@code -e} (error log before the config is read) exists since nginx 1.19.5. */
    boolean hasErrorLogOption() {
        var m = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)").matcher(version);
        if (!m.find()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        int patch = Integer.parseInt(m.group(3));
        return major > 1 || minor > 19 || (minor == 19 && patch >= 5);
    }

    /** {@code $NGINX} if set, else the first {@code nginx} on {@code $PATH} or in {@code dirs}. */
    static Optional<Path> findBinary(Map<String, String> env, List<Path> dirs) {
        var explicit = env.get("NGINX");
        if (explicit != null && !explicit.isBlank()) {
            var p = Path.of(explicit);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
            throw new IllegalStateException("NGINX=" + explicit + " is not an executable");
        }
        var candidates = new ArrayList<Path>();
        for (var dir : env.getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, "nginx"));
            }
        }
        dirs.forEach(dir -> candidates.add(dir.resolve("nginx")));
        return candidates.stream().filter(Files::isRegularFile).filter(Files::isExecutable).findFirst();
    }

    /** {@code nginx -V}: the version and where it looks for dynamic modules. */
    private static NginxInstallation inspect(Path binary) {
        String info;
        try {
            var process = new ProcessBuilder(binary.toString(), "-V").redirectErrorStream(true).start();
            info = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + binary + " -V", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        var version = info.lines().filter(l -> l.startsWith("nginx version:")).findFirst().orElse("");
        return new NginxInstallation(binary, version, findEchoModule(info));
    }

    private static Optional<Path> findEchoModule(String nginxV) {
        var env = System.getenv("NGINX_ECHO_MODULE");
        if (env != null) {
            return env.isBlank() ? Optional.empty() : Optional.of(Path.of(env)).filter(Files::isReadable);
        }
        var dirs = new ArrayList<Path>();
        var m = Pattern.compile("--modules-path=(\\S+)").matcher(nginxV);
        if (m.find()) {
            dirs.add(Path.of(m.group(1)));
        }
        for (var dir : List.of("/usr/lib/nginx/modules", "/usr/lib64/nginx/modules",
                "/usr/share/nginx/modules", "/usr/local/nginx/modules", "/etc/nginx/modules")) {
            dirs.add(Path.of(dir));
        }
        return dirs.stream().map(d -> d.resolve(DEFAULT_ECHO_MODULE)).filter(Files::isReadable).findFirst();
    }
}
