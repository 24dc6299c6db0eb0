package io.loomget.spark;

import io.loomget.Settings;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files the command line names for requests ({@code --ca-certificate}, {@code --certificate},
 * {@code --private-key}, {@code --netrc-file}, {@code --load-cookies}): read on the driver, where the
 * user named them, and shipped to the executors with the job as contents, because an executor may not
 * see the driver's file system. Each task writes them to a private directory of its own for the engine
 * and removes it when the task's downloads end. They hold secrets: nothing here prints their contents.
 */
record ClientFiles(DriverFile caCertificate, DriverFile certificate, DriverFile privateKey, DriverFile netrc,
                   DriverFile cookies) implements Serializable {

    static final ClientFiles NONE = new ClientFiles(null, null, null, null, null);

    /**
     * One file as the driver read it.
     *
     * @param name    the path the user gave, for messages on the driver
     * @param content its bytes
     */
    record DriverFile(String name, byte[] content) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            return name; // never the content
        }
    }

    /** Where one task wrote the files: the engine's settings name these paths. */
    record Written(Path dir, Path caCertificate, Path certificate, Path privateKey, Path netrc, Path cookies)
            implements AutoCloseable {

        static final Written NONE = new Written(null, null, null, null, null, null);

        void applyTo(Settings.Builder settings) {
            settings.caCertificate(caCertificate).certificate(certificate).privateKey(privateKey)
                    .netrc(netrc).loadCookies(cookies);
        }

        @Override
        public void close() {
            if (dir == null) {
                return;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // the task's scratch space; the executor's temporary directory goes with the application
            }
        }
    }

    /** Reads each named file (null for an option not given); a file that cannot be read is a usage error. */
    static ClientFiles read(Path caCertificate, Path certificate, Path privateKey, Path netrc, Path cookies)
            throws JobOptions.UsageException {
        return new ClientFiles(read("--ca-certificate", caCertificate), read("--certificate", certificate),
                read("--private-key", privateKey), read("--netrc-file", netrc), read("--load-cookies", cookies));
    }

    private static DriverFile read(String option, Path file) throws JobOptions.UsageException {
        if (file == null) {
            return null;
        }
        try {
            return new DriverFile(file.toString(), Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new JobOptions.UsageException(option + ": cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new JobOptions.UsageException(option + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * What the driver says before the job starts, as the CLI does: a {@code .netrc} other users can
     * read, and the lines of the cookie file that will be skipped. Reads the driver's files again.
     */
    List<String> warnings() {
        var warnings = new ArrayList<String>();
        if (netrc != null) {
            var file = Path.of(netrc.name());
            try {
                var permissions = Files.getPosixFilePermissions(file);
                if (permissions.contains(PosixFilePermission.GROUP_READ)
                        || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                    warnings.add("warning: " + file + " can be read by other users; chmod 600 " + file);
                }
            } catch (IOException | UnsupportedOperationException e) {
                // not a POSIX file system, or gone since it was read: nothing to say
            }
        }
        if (cookies != null) {
            try {
                Settings.cookieFileProblems(Path.of(cookies.name())).forEach(p -> warnings.add("skipped cookie at " + p));
            } catch (IOException e) {
                // it was read a moment ago; the executors have its contents
            }
        }
        return warnings;
    }

    /** Writes the files, readable by this user only, into a new directory under {@code parent}. */
    Written writeTo(Path parent) {
        if (equals(NONE)) {
            return Written.NONE;
        }
        try {
            var dir = Files.createTempDirectory(Files.createDirectories(parent), "loomget-client-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return new Written(dir, write(dir, "ca.pem", caCertificate), write(dir, "certificate.pem", certificate),
                    write(dir, "key.pem", privateKey), write(dir, "netrc", netrc), write(dir, "cookies.txt", cookies));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the job's client files under " + parent + ": " + e.getMessage(), e);
        }
    }

    private static Path write(Path dir, String name, DriverFile file) throws IOException {
        if (file == null) {
            return null;
        }
        var path = Files.createFile(dir.resolve(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.write(path, file.content());
    }
}
