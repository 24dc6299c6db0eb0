package io.loomget.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made at test time with {@code openssl}, issuing PEM certificates with PKCS#8
 * keys (what a user's private CA hands out): {@code ca.pem}, and per issued name {@code NAME.pem} and
 * {@code NAME.key}, all in {@code dir}. EC P-256 keys: fast to make.
 */
public final class LocalCa {

    private final Path dir;
    private final Path certificate;
    private final Path key;

    private LocalCa(Path dir) {
        this.dir = dir;
        this.certificate = dir.resolve("ca.pem");
        this.key = dir.resolve("ca.key");
    }

    /** A new CA in {@code dir}, named {@code name}; requires openssl (fails instead of skipping under CI=true). */
    public static LocalCa create(Path dir, String name) throws IOException, InterruptedException {
        Prerequisites.require("openssl", onPath("openssl"));
        var ca = new LocalCa(dir);
        ca.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", ca.key.toString(), "-out", ca.certificate.toString(), "-days", "2",
                "-subj", "/CN=" + name, "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return ca;
    }

    /** A CA in {@code dir} named {@code name} whose certificate this CA signs: an intermediate CA. */
    public LocalCa intermediate(Path dir, String name) throws IOException, InterruptedException {
        var intermediate = new LocalCa(dir);
        var csr = dir.resolve("ca.csr");
        var extensions = dir.resolve("ca.ext");
        Files.writeString(extensions, "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", intermediate.key.toString(), "-out", csr.toString(), "-subj", "/CN=" + name);
        openssl("x509", "-req", "-in", csr.toString(), "-CA", certificate.toString(), "-CAkey", key.toString(),
                "-CAcreateserial", "-out", intermediate.certificate.toString(), "-days", "2",
                "-extfile", extensions.toString());
        return intermediate;
    }

    private static boolean onPath(String command) {
        var path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    /** The CA's own certificate, PEM: what a client is told to trust. */
    public Path certificate() {
        return certificate;
    }

    /**
     * Issues {@code NAME.pem} and {@code NAME.key} (PKCS#8) for {@code subjectAltNames} (e.g.
     * {@code IP:127.0.0.1}), as a server certificate, or as a client one when {@code client}.
     */
    public Issued issue(String name, String subjectAltNames, boolean client) throws IOException, InterruptedException {
        var issued = new Issued(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
        var csr = dir.resolve(name + ".csr");
        var extensions = dir.resolve(name + ".ext");
        Files.writeString(extensions, "subjectAltName=" + subjectAltNames + "\nbasicConstraints=CA:FALSE\n"
                + "extendedKeyUsage=" + (client ? "clientAuth" : "serverAuth") + "\n");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", issued.key().toString(), "-out", csr.toString(), "-subj", "/CN=" + name);
        openssl("x509", "-req", "-in", csr.toString(), "-CA", certificate.toString(), "-CAkey", key.toString(),
                "-CAcreateserial", "-out", issued.certificate().toString(), "-days", "2",
                "-extfile", extensions.toString());
        return issued;
    }

    /**
     * Issues {@code NAME.pem} and {@code NAME.key} as {@link #issue} does for a server, valid only in
     * 2020: expired. {@code openssl x509} cannot date a certificate in the past; {@code openssl ca} can.
     */
    public Issued issueExpired(String name, String subjectAltNames) throws IOException, InterruptedException {
        var issued = new Issued(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
        var csr = dir.resolve(name + ".csr");
        var db = Files.createDirectories(dir.resolve(name + ".db"));
        Files.writeString(db.resolve("index.txt"), "");
        Files.writeString(db.resolve("serial"), "1000\n");
        var config = dir.resolve(name + ".cnf");
        Files.writeString(config, String.join("\n",
                "[ca]", "default_ca=local", "[local]", "database=" + db.resolve("index.txt"),
                "serial=" + db.resolve("serial"), "new_certs_dir=" + db, "certificate=" + certificate,
                "private_key=" + key, "default_md=sha256", "policy=any", "unique_subject=no",
                "x509_extensions=server", "[any]", "commonName=supplied",
                "[server]", "subjectAltName=" + subjectAltNames, "basicConstraints=CA:FALSE",
                "extendedKeyUsage=serverAuth", ""));
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", issued.key().toString(), "-out", csr.toString(), "-subj", "/CN=" + name);
        openssl("ca", "-batch", "-config", config.toString(), "-in", csr.toString(), "-out", issued.certificate().toString(),
                "-startdate", "20200101000000Z", "-enddate", "20210101000000Z", "-notext");
        return issued;
    }

    /** A certificate and its key, both PEM files. */
    public record Issued(Path certificate, Path key) {}

    /** {@code issued}'s key and certificate, with this CA's after it, in a PKCS#12 store {@code NAME.p12}. */
    public Path keyStore(Issued issued, String password) throws IOException, InterruptedException {
        var name = issued.certificate().getFileName().toString().replaceFirst("\\.pem$", "");
        var store = dir.resolve(name + ".p12");
        openssl("pkcs12", "-export", "-in", issued.certificate().toString(), "-inkey", issued.key().toString(),
                "-certfile", certificate.toString(), "-name", name, "-out", store.toString(),
                "-passout", "pass:" + password);
        return store;
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>(List.of("openssl"));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("openssl did not finish: " + command);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
        }
    }
}
