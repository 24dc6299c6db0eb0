package io.loomget.internal.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a resumed run needs to trust a part file ({@code NAME.part.state} beside {@code NAME.part}):
 * the URL (with any credentials masked), the size and validator of the representation, and the byte runs already on disk.
 * Written atomically (a temporary file, then a rename) after the part file's data is forced to disk,
 * so the state never claims bytes that a power loss could take back.
 *
 * @param done sorted, disjoint {@code [start, end)} runs
 */
public record ResumeState(String url, long size, String validator, List<long[]> done) {

    public static final String SUFFIX = ".part.state";
    private static final int FORMAT = 1;
    /** Buffers recycled across threads: the default pool keeps them per thread, and a virtual thread that lives
     *  for one file would allocate ~12 KiB afresh for every parser. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();

    public ResumeState {
        Objects.requireNonNull(url);
        done = List.copyOf(done);
    }

    public static Path pathFor(Path target) {
        return target.resolveSibling(target.getFileName() + SUFFIX);
    }

    /** Where the last run on disk ends (0 when none). */
    public long writtenEnd() {
        return done.isEmpty() ? 0 : done.getLast()[1];
    }

    public long doneBytes() {
        return done.stream().mapToLong(r -> r[1] - r[0]).sum();
    }

    /** Why this state cannot continue a download of {@code url} ({@code size}, {@code validator}), or empty if it can. */
    public Optional<String> mismatch(String url, long size, String validator) {
        if (!this.url.equals(url)) {
            return Optional.of("the part file belongs to another URL");
        }
        if (this.size != size) {
            return Optional.of("the size changed from " + this.size + " to " + size + " bytes");
        }
        if (!Objects.equals(this.validator, validator)) {
            return Optional.of(validator == null
                    ? "the server no longer says which version it serves (validator " + this.validator + " gone)"
                    : this.validator == null ? "the server now names its version (" + validator + "), the part file has none"
                    : "the file changed on the server (validator " + this.validator + " is now " + validator + ")");
        }
        return Optional.empty();
    }

    public void write(Path path) throws IOException {
        var tmp = path.resolveSibling(path.getFileName() + ".tmp");
        var json = new Representation(FORMAT, url, size, validator).openObject().append(",\"done\":[");
        for (int i = 0; i < done.size(); i++) {
            json.append(i == 0 ? "[" : ",[").append(done.get(i)[0]).append(',').append(done.get(i)[1]).append(']');
        }
        var bytes = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        // Created anew, never written through what has the temporary's name: an earlier crash's goes
        // first (a link someone put there too); a file of someone else's that only has the name stays.
        try {
            Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException taken) {
            if (!replaceable(tmp)) {
                throw new FileAlreadyExistsException(tmp.toString(), null, "not a resume state; left as it is");
            }
            Files.deleteIfExists(tmp);
            Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        try {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // A full disk, say: the state before stays as it was, and no empty temporary is left beside it.
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Whether what has a state file's name at {@code path} may be replaced or removed: nothing, something
     * not a regular file (a link, which is never followed), or a file loomget wrote: a state, or one a
     * crash cut short (empty, or begun as a state begins). A file of someone else's that only has the
     * name (a download a server named {@code x.bin.part.state}) is not.
     */
    public static boolean replaceable(Path path) {
        try {
            var attributes = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile() || attributes.size() == 0) {
                return true;
            }
            var begins = "{\"format\":".getBytes(StandardCharsets.UTF_8);
            try (var in = Files.newInputStream(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return java.util.Arrays.equals(in.readNBytes(begins.length), begins);
            }
        } catch (java.nio.file.NoSuchFileException none) {
            return true;
        } catch (IOException unreadable) {
            return false;
        }
    }

    /** The state at {@code path}; empty when there is none or it cannot be read (then it is not trusted). */
    public static Optional<ResumeState> read(Path path) {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try (var p = JSON.createParser(path.toFile())) {
            var done = new ArrayList<long[]>();
            var shared = Representation.read(p, FORMAT, (field, parser) -> {
                if (!field.equals("done")) {
                    return false;
                }
                readRuns(parser, done);
                return true;
            });
            if (shared == null || !valid(done, shared.size())) {
                return Optional.empty();
            }
            return Optional.of(new ResumeState(shared.url(), shared.size(), shared.validator(), done));
        } catch (IOException | RuntimeException corrupt) {
            return Optional.empty();
        }
    }

    /** Removes {@code target}'s state, unless what has its name is not one ({@link #replaceable}). */
    public static void delete(Path target) {
        try {
            var path = pathFor(target);
            if (replaceable(path)) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // a stale state file is ignored next time: its part file is gone
        }
    }

    private static void readRuns(JsonParser p, List<long[]> done) throws IOException {
        expect(p.currentToken(), JsonToken.START_ARRAY);
        while (p.nextToken() == JsonToken.START_ARRAY) {
            expect(p.nextToken(), JsonToken.VALUE_NUMBER_INT);
            long start = p.getLongValue();
            expect(p.nextToken(), JsonToken.VALUE_NUMBER_INT);
            long end = p.getLongValue();
            expect(p.nextToken(), JsonToken.END_ARRAY);
            done.add(new long[] {start, end});
        }
    }

    private static boolean valid(List<long[]> runs, long size) {
        long previousEnd = 0;
        for (var r : runs) {
            if (r[0] < previousEnd || r[1] <= r[0] || r[1] > size) {
                return false;
            }
            previousEnd = r[1];
        }
        return true;
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + ", found " + actual);
        }
    }
}
