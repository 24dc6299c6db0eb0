package io.loomget.daemon;

import io.loomget.DownloadQueue;
import io.loomget.DownloadStatus;
import io.loomget.Links;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import io.loomget.internal.engine.Printable;
import io.loomget.internal.engine.Redaction;
import io.loomget.internal.io.InputText;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code --save-session FILE}: every unfinished download in aria2's input-file format (its URIs on
 * one line, TAB-separated, then indented {@code gid=}, {@code dir=}, {@code out=}, the options that
 * differ from the daemon's defaults, {@code pause=true} when paused), written to a temporary file
 * beside it and moved over it atomically, so a reader (or a {@code kill -9}) never sees half a file.
 * The same format is read back by {@code -i}.
 */
final class SessionFile {

    /** One entry of an input file: its URIs, its option lines, and where it was ({@code FILE:LINE}). */
    record Entry(List<String> uris, Map<String, String> options, String source) {}

    private final Path path;
    private final DownloadQueue queue;
    private final Options options;
    private final GlobalOptions globals;

    SessionFile(Path path, DownloadQueue queue, Options options, GlobalOptions globals) {
        this.path = path;
        this.queue = queue;
        this.options = options;
        this.globals = globals;
    }

    Path path() {
        return path;
    }

    /** Writes the queue's unfinished downloads; saves never interleave. */
    synchronized void save() throws IOException {
        var text = new StringBuilder();
        var defaults = globals.defaults();
        for (var status : queue.unfinished()) {
            text.append(entry(status, defaults));
        }
        var dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        var temporary = Files.createTempFile(dir, "." + path.getFileName() + ".", ".tmp");
        try {
            try (var channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                var bytes = java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true); // on disk before it takes the name: a crash leaves the old or the new file
            }
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private String entry(DownloadStatus status, Map<String, String> defaults) {
        var line = new StringBuilder(status.request().uri().toString());
        status.request().mirrors().forEach(m -> line.append('\t').append(m));
        line.append('\n');
        var own = options.describe(status.request(), status.settings());
        var lines = new LinkedHashMap<String, String>();
        lines.put("gid", Gids.hex(status.gid()));
        lines.put("dir", own.get("dir"));
        if (status.target() != null) { // the name it took: the part file the next run continues
            lines.put("out", Path.of(own.get("dir")).relativize(status.target().toAbsolutePath()).toString());
        }
        own.forEach((name, value) -> {
            if (!lines.containsKey(name) && !value.equals(defaults.get(name))) {
                lines.put(name, value);
            }
        });
        lines.put("continue", "true");
        if (status.state() == DownloadStatus.State.PAUSED) {
            lines.put("pause", "true");
        }
        lines.forEach((name, value) -> value.lines().forEach(v -> line.append(' ').append(name).append('=').append(v).append('\n')));
        return line.toString();
    }

    /**
     * aria2's input format: a line of TAB-separated URIs starts an entry, indented {@code key=value}
     * lines are its options ({@code header} may repeat), blank lines and {@code #} comments are skipped.
     * {@code reader} decodes a byte that is not UTF-8 to U+FFFD rather than failing (one bad byte must
     * not lose every download of the session): an entry with such a line is left out, and
     * {@code problems} gets one line for it naming the line, the entry and its URL.
     */
    static List<Entry> read(BufferedReader reader, String name, Consumer<String> problems) throws IOException {
        var entries = new ArrayList<Entry>();
        // An entry's first line that is not UTF-8, as FILE:LINE; by identity, as its options change while read.
        var bad = new IdentityHashMap<Entry, String>();
        Links.lines(reader, (line, number) -> {
            var where = name + ":" + number;
            switch (line) {
                case Links.Line.Uris(var text, var uris) -> {
                    entries.add(new Entry(uris, new LinkedHashMap<>(), where));
                    if (InputText.hasUndecodable(text)) {
                        bad.put(entries.getLast(), where);
                    }
                }
                case Links.Line.Option(var option) when entries.isEmpty() -> {
                    entries.add(new Entry(List.of(option.split("\t+")), new LinkedHashMap<>(), where));
                    if (InputText.hasUndecodable(option)) {
                        bad.put(entries.getLast(), where);
                    }
                }
                case Links.Line.Option(var option) -> {
                    if (InputText.hasUndecodable(option)) {
                        bad.putIfAbsent(entries.getLast(), where);
                    }
                    int eq = option.indexOf('=');
                    if (eq > 0) {
                        entries.getLast().options().merge(option.substring(0, eq).strip(), option.substring(eq + 1),
                                (old, added) -> old + "\n" + added);
                    }
                }
                case Links.Line.Skip skip -> { }
            }
        });
        entries.removeIf(entry -> {
            var where = bad.get(entry);
            if (where != null) {
                problems.accept(where + ": not UTF-8 text (save the file as UTF-8); skipped the entry at "
                        + entry.source() + " (" + Printable.of(Redaction.redactText(entry.uris().getFirst())) + ")");
            }
            return where != null;
        });
        return entries;
    }
}
