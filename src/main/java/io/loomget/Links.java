package io.loomget;

import io.loomget.internal.engine.Redaction;
import io.loomget.internal.http.HeaderLine;
import io.loomget.internal.http.JdkTransport;
import io.loomget.internal.http.Netrc;
import io.loomget.internal.io.InputText;
import io.loomget.internal.io.OutPath;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads a links file: one URL a line, blank lines and {@code #} comments ignored, and, as in aria2's
 * input files, TAB-separated mirrors of the same file on one line and indented {@code key=value}
 * lines giving options for the URL above them ({@code out}, {@code dir}, {@code checksum},
 * {@code header}, {@code split}, {@code user-agent}, {@code referer}, {@code http-user},
 * {@code http-passwd}). aria2's other input-file options, which its {@code --save-session} writes,
 * are read and ignored, each noted once ({@link Entry.Note}). A bad line is a problem with its line
 * number; the good lines still make requests.
 */
public final class Links {

    /** aria2: the URIs of one file on one line, separated by TABs, are mirrors. Compiled once. */
    private static final Pattern MIRROR_SEPARATOR = Pattern.compile("\t+");

    private static String notUtf8(String line) {
        return "not UTF-8 text (save the list as UTF-8): '" + line + "'";
    }

    /** The start of an absolute URL, {@code scheme://}: never an option line's key. */
    private static final Pattern LOOKS_LIKE_URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://");

    /**
     * The requests, problems and notes found in one input. A note is an aria2 option line loomget
     * read and ignored (the entry still downloads): said once per option and input.
     */
    public record Parsed(List<DownloadRequest> requests, List<InputProblem> problems, List<Entry.Note> notes) {
        public Parsed {
            requests = List.copyOf(requests);
            problems = List.copyOf(problems);
            notes = List.copyOf(notes);
        }

        public Parsed(List<DownloadRequest> requests, List<InputProblem> problems) {
            this(requests, problems, List.of());
        }
    }

    private Links() {}

    /** The {@linkplain DownloadRequest#source() source} of a URL given as an argument. */
    public static final String COMMAND_LINE = "command line";

    /** Parses a URL given on the command line. */
    public static DownloadRequest parseArgument(String text) throws InvalidUrlException {
        return new DownloadRequest(toUri(text.strip()), null, null, null, null, Map.of(), COMMAND_LINE);
    }

    /**
     * Parses a whole input; {@code name} (a file name, or {@code stdin}) prefixes each problem's
     * line number, e.g. {@code links.txt:3}.
     */
    public static Parsed read(BufferedReader reader, String name) throws IOException {
        var requests = new ArrayList<DownloadRequest>();
        var problems = new ArrayList<InputProblem>();
        var notes = new ArrayList<Entry.Note>();
        var entries = new EntryReader(reader, name);
        for (var entry = entries.read(); entry != null; entry = entries.read()) {
            switch (entry) {
                case Entry.Request(var request) -> requests.add(request);
                case Entry.Problem(var problem) -> problems.add(problem);
                case Entry.Note note -> notes.add(note);
            }
        }
        return new Parsed(requests, problems, notes);
    }

    /**
     * One line of aria2's input format, by what it is: nothing (blank, a {@code #} comment), the URIs
     * of a new entry (TAB-separated mirrors), or an option line of the entry above (indented). The one
     * grammar of these files: the command line's reader and the daemon's session reader both use it.
     */
    public sealed interface Line {
        record Skip() implements Line {}

        /** A URL line, stripped, and its URIs as written, not yet checked. */
        record Uris(String text, List<String> texts) implements Line {}

        /** An indented line, stripped: {@code key=value} as aria2 writes it. */
        record Option(String text) implements Line {}

        /** What line {@code number} (from 1) of an input is; the first may start with a byte order mark. */
        static Line of(String line, int number) {
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // a byte order mark, as Notepad writes it
            }
            if (line.isBlank() || line.strip().startsWith("#")) {
                return new Skip();
            }
            if (Character.isWhitespace(line.charAt(0))) {
                return new Option(line.strip());
            }
            // aria2: several URIs of the same file on one line, separated by TAB, are mirrors.
            var text = line.strip();
            return new Uris(text, text.indexOf('\t') < 0 ? List.of(text) : List.of(MIRROR_SEPARATOR.split(text)));
        }
    }

    /**
     * Reads the lines of an input as {@link Line}s, each with its number, for readers that interpret
     * the options themselves (the daemon takes aria2's whole option set).
     */
    public static void lines(BufferedReader reader, java.util.function.ObjIntConsumer<Line> each) throws IOException {
        int number = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            number++;
            each.accept(Line.of(line, number), number);
        }
    }

    /**
     * One entry of an input as it is read: a request, or the problem that kept its lines from becoming
     * one; or a note on the request that follows it (an option line read and ignored).
     */
    public sealed interface Entry {
        record Request(DownloadRequest request) implements Entry {}

        record Problem(InputProblem problem) implements Entry {}

        /**
         * An option line of {@code request}'s entry that loomget ignores, e.g. aria2's {@code max-tries=5}
         * in a saved session; comes just before that entry's {@link Request}.
         *
         * @param source  the option line, e.g. {@code session.txt:3}
         * @param message one line for the user, naming the option and what applies instead
         */
        record Note(DownloadRequest request, String source, String message) implements Entry {
            @Override
            public String toString() {
                return source + ": " + message;
            }
        }
    }

    /**
     * The stream form of {@link #read}, for inputs too long to hold: the entries one at a time, in
     * input order, each read only when asked for. Holds one entry's lines at most.
     */
    public static final class EntryReader {

        private final BufferedReader reader;
        private final String name;
        /** The output directory (-d), absolute and normal; null when unknown: then no absolute dir= is taken. */
        private final Path outputDir;
        /** Whether the run continues part files (-c): then an entry's {@code continue=true} asks nothing more. */
        private final boolean resume;
        /** The ignored options already noted: each is said once per input, not once per entry of a long session. */
        private final java.util.Set<String> noted = new java.util.HashSet<>();
        /** What the lines read so far gave and nobody took yet: a problem, a request and the notes on it, at most. */
        private final java.util.ArrayDeque<Entry> ready = new java.util.ArrayDeque<>(2);
        private Pending current;
        private int lineNo;
        private boolean ended;

        public EntryReader(BufferedReader reader, String name) {
            this(reader, name, null);
        }

        /**
         * A reader that also takes an absolute {@code dir=} inside {@code outputDir} (as aria2's
         * {@code --save-session} writes it for a download started with an absolute {@code -d}), as
         * the same path relative to {@code outputDir}; an absolute one elsewhere is still refused.
         */
        public EntryReader(BufferedReader reader, String name, Path outputDir) {
            this(reader, name, outputDir, false);
        }

        /**
         * As {@link #EntryReader(BufferedReader, String, Path)}, for a run that continues part files
         * ({@code -c}) when {@code resume}: an entry's {@code continue=true} then goes without a note.
         */
        public EntryReader(BufferedReader reader, String name, Path outputDir, boolean resume) {
            this.reader = reader;
            this.name = name;
            this.outputDir = outputDir == null ? null : outputDir.toAbsolutePath().normalize();
            this.resume = resume;
        }

        /** The next entry, or null at the end of the input. */
        public Entry read() throws IOException {
            while (ready.isEmpty() && !ended) {
                var line = reader.readLine();
                if (line == null) {
                    ended = true;
                    finishCurrent();
                } else {
                    take(line);
                }
            }
            return ready.poll();
        }

        private void take(String text) {
            lineNo++;
            var where = name + ":" + lineNo;
            var line = Line.of(text, lineNo);
            if (line instanceof Line.Skip) {
                return;
            }
            if (line instanceof Line.Option(var option)) {
                if (current == null) {
                    problem(new InputProblem(where, "option line with no URL above it: '" + option + "'"));
                } else if (current.valid) {
                    try {
                        current.option(option, where);
                    } catch (IllegalArgumentException e) {
                        // the whole entry is skipped: say which one, by its line and URL
                        problem(new InputProblem(where, current.displayUri(), e.getMessage()
                                + "; skipped the entry at " + current.source + " (" + current.displayUri() + ")"));
                        current.valid = false;
                    }
                }
                return;
            }
            finishCurrent();
            current = new Pending(where, outputDir, resume);
            var uris = (Line.Uris) line;
            try {
                if (InputText.hasUndecodable(uris.text())) {
                    throw new InvalidUrlException(notUtf8(uris.text()));
                }
                for (var uri : uris.texts()) {
                    current.uris.add(toUri(uri.strip()));
                }
            } catch (InvalidUrlException e) {
                // one bad mirror skips the line's good ones too: say so, or they seem to be downloading
                var skipped = uris.texts().size() > 1 ? "; skipped the entry with its other URLs" : "";
                problem(new InputProblem(where, uris.text(), e.getMessage() + skipped));
                current.valid = false;
            }
        }

        private void problem(InputProblem problem) {
            ready.add(new Entry.Problem(problem));
        }

        private void finishCurrent() {
            if (current != null && current.valid) {
                var request = current.toRequest();
                current.ignored.forEach((key, note) -> {
                    if (noted.add(key)) {
                        ready.add(new Entry.Note(request, note.source(), note.message()
                                + "; said once for " + name));
                    }
                });
                ready.add(new Entry.Request(request));
            }
            current = null;
        }
    }

    static URI toUri(String text) throws InvalidUrlException {
        if (!LOOKS_LIKE_URL.matcher(text).lookingAt()) {
            // curl, wget and aria2 take "example.com/x.iso" as http://; loomget asks which one is meant
            // (java.net.URI would read "127.0.0.1:8080/x" as scheme "127.0.0.1", "Illegal character in scheme name")
            throw new InvalidUrlException("not an http(s) URL: '" + text + "'; a URL starts with https:// or http://");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidUrlException("not a valid URL: '" + text + "' (" + e.getReason() + ")");
        }
        var problem = notDownloadable(uri);
        if (problem != null) {
            throw new InvalidUrlException(problem + ": '" + text + "'");
        }
        if (uri.getPort() > 65535) { // java.net.URI takes any number; no connection could ever be made
            throw new InvalidUrlException("not a valid URL: '" + text + "' (port " + uri.getPort() + " is out of range)");
        }
        return uri;
    }

    /** Why loomget cannot download {@code uri} (not http or https, no host), or null when it can. */
    static String notDownloadable(URI uri) {
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "not an http(s) URL";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "URL has no host";
        }
        return null;
    }

    /** A URL line and its option lines, as they are read. */
    private static final class Pending {
        final String source;
        final Path outputDir;
        final List<URI> uris = new ArrayList<>();
        boolean valid = true;
        String out;
        Path outDir;
        Path dir;
        Checksum checksum;
        Integer split;
        String httpUser;
        String httpPasswd;
        final Map<String, String> headers = new LinkedHashMap<>();
        /** The entry's option lines read and ignored, by key: its first line of each, and why. */
        final Map<String, IgnoredOptions.Ignored> ignored = new LinkedHashMap<>();
        final boolean resume;

        Pending(String source, Path outputDir, boolean resume) {
            this.source = source;
            this.outputDir = outputDir;
            this.resume = resume;
        }

        /** Takes option line {@code line}, which is {@code where} ({@code FILE:LINE}). */
        void option(String line, String where) {
            if (InputText.hasUndecodable(line)) {
                throw new IllegalArgumentException(notUtf8(line));
            }
            if (LOOKS_LIKE_URL.matcher(line).lookingAt()) {
                // a list indented by hand: said as what it is, not as an odd option name ("http://h/x?id")
                throw new IllegalArgumentException("a URL on an indented line, which is an option line of the entry"
                        + " above: '" + line + "'; start the URL at the beginning of its line");
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + line + "'");
            }
            var key = line.substring(0, eq).strip();
            var value = line.substring(eq + 1).strip();
            if (IgnoredOptions.isIgnored(key)) {
                var why = IgnoredOptions.why(key, value, resume);
                if (why != null) {
                    ignored.putIfAbsent(key, new IgnoredOptions.Ignored(where, why));
                }
                return;
            }
            switch (key) {
                case "out" -> {
                    try {
                        var path = OutPath.parse(value);
                        out = path.name();
                        outDir = path.dir();
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("out: " + e.getMessage(), e);
                    }
                }
                case "dir" -> {
                    try {
                        dir = OutPath.directory(insideOutputDir(value));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("dir: " + e.getMessage(), e);
                    }
                }
                case "checksum" -> checksum = Checksum.parse(value);
                case "split" -> split = positive(key, value);
                case "header" -> {
                    HeaderLine.parse(value).addTo(headers); // the same rules as -H
                }
                // aria2's own names for two headers: the entry's value replaces -U's or another line's
                case "user-agent" -> replaceHeader("User-Agent", value);
                // aria2 sends them as Basic auth to the entry's URLs: in their user info, as --user's
                // login would be, unless a URL gives its own (which wins in aria2 too)
                case "http-user" -> {
                    if (value.indexOf(':') >= 0) { // Basic auth cannot carry it (RFC 7617): the server would read another user
                        throw new IllegalArgumentException("http-user must not contain ':'");
                    }
                    httpUser = value;
                }
                case "http-passwd" -> httpPasswd = value;
                case "referer" -> replaceHeader("Referer", value.equals("*") ? JdkTransport.withoutUserInfo(uris.getFirst()).toString() : value);
                default -> throw new IllegalArgumentException(IgnoredOptions.REFUSED.containsKey(key)
                        ? "option '" + key + "' is not taken per entry (known: " + KNOWN + ");"
                                + " for the whole list give " + IgnoredOptions.REFUSED.get(key)
                        : "unknown option '" + key + "' (known: " + KNOWN + ", and aria2's other input-file options,"
                                + " which are ignored with a note)");
            }
        }

        private static final String KNOWN = "out, dir, checksum, header, split, user-agent, referer, http-user, http-passwd";

        /** aria2 has one value for these: a later line (or -U) gives way, where header= lines add up. */
        private void replaceHeader(String name, String value) {
            headers.keySet().removeIf(key -> key.equalsIgnoreCase(name));
            if (!value.isEmpty()) { // aria2: an empty referer= sends none
                HeaderLine.check(name, value);
                headers.put(name, value);
            }
        }


        /** An absolute {@code dir} inside the output directory as the relative path it is; any other text as it is. */
        private String insideOutputDir(String value) {
            if (outputDir == null || !value.startsWith("/")) {
                return value;
            }
            var path = Path.of(value).normalize();
            if (!path.startsWith(outputDir)) {
                throw new IllegalArgumentException("'" + value + "' is outside the output directory " + outputDir
                        + "; give a path inside it (-d)");
            }
            return outputDir.relativize(path).toString();
        }

        private static int positive(String key, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException(key + " must be a positive number, got '" + value + "'");
        }

        /** The entry's (first) URL as it may be printed. */
        String displayUri() {
            return uris.isEmpty() ? null : Redaction.redact(uris.getFirst());
        }

        DownloadRequest toRequest() {
            var all = uris;
            if (httpUser != null || httpPasswd != null) {
                var login = Netrc.everyHost(Objects.requireNonNullElse(httpUser, "") + ":"
                        + Objects.requireNonNullElse(httpPasswd, ""));
                all = uris.stream().map(login::withLogin).toList();
            }
            return new DownloadRequest(all.getFirst(), null, dir, checksum, split, headers, source,
                    all.subList(1, all.size())).withOut(outDir, out);
        }
    }
}
