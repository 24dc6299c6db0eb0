package io.loomget.cli;

import io.loomget.DownloadRequest;
import io.loomget.InputProblem;
import io.loomget.InvalidUrlException;
import io.loomget.Links;
import io.loomget.internal.io.InputText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What the command line asks for, read as the run needs it: its URL arguments, then the entries of
 * {@code -i FILE} ({@code -} = stdin). Entries that cannot become a download are problems, reported
 * like failed downloads. Only the entries read ahead are held (two at most, to tell one URL from
 * several), so a list of any length runs in the same memory.
 */
final class CommandLineInput implements AutoCloseable {

    private final Iterator<String> arguments;
    private final BufferedReader reader;
    private final Links.EntryReader file;
    private final String fileName;
    private final long requestCount;
    private final ArrayDeque<Links.Entry> ahead = new ArrayDeque<>(2);
    private UnaryOperator<DownloadRequest> adjust = UnaryOperator.identity();
    /** The file could not be read to its end: it ends where it failed. */
    private boolean broken;

    private CommandLineInput(List<String> urls, BufferedReader reader, String fileName, Path outputDir, boolean resume,
                             long requestCount) {
        this.arguments = urls.iterator();
        this.reader = reader;
        this.file = reader == null ? null : new Links.EntryReader(reader, fileName, outputDir, resume);
        this.fileName = fileName;
        this.requestCount = requestCount;
    }

    /**
     * Opens the input. A regular file is read once through to count its requests, for the views'
     * queue and the summary of an interrupted run; an unreadable one fails here, before any download.
     * A pipe ({@code -i <(cmd)}, {@code -i /dev/stdin}) can be read only once: it is streamed as stdin
     * is, its count unknown.
     *
     * {@code resume}: the run has {@code -c} (an entry's {@code continue=true} then goes without a note).
     *
     * @throws IOException when the input file cannot be read (the command makes that a usage error)
     */
    static CommandLineInput open(List<String> urls, String inputFile, Path outputDir, boolean resume, InputStream stdin)
            throws IOException {
        long arguments = urls.stream().filter(CommandLineInput::isUrl).count();
        if (inputFile == null) {
            return new CommandLineInput(urls, null, null, outputDir, resume, arguments);
        }
        if (inputFile.equals("-")) {
            return new CommandLineInput(urls, streamed(new InputStreamReader(stdin, StandardCharsets.UTF_8)), "stdin",
                    outputDir, resume, -1);
        }
        var path = Path.of(inputFile);
        if (Files.readAttributes(path, BasicFileAttributes.class).isOther()) {
            return new CommandLineInput(urls, streamed(replacing(path)), inputFile, outputDir, resume, -1);
        }
        long inFile = 0;
        try (var counting = replacing(path)) {
            var entries = new Links.EntryReader(counting, inputFile, outputDir);
            for (var entry = entries.read(); entry != null; entry = entries.read()) {
                inFile += entry instanceof Links.Entry.Request ? 1 : 0;
            }
        }
        return new CommandLineInput(urls, replacing(path), inputFile,
                outputDir, resume, arguments + inFile);
    }

    /**
     * The file's text with a byte that is not UTF-8 read as U+FFFD, as stdin is read, rather than
     * failing the whole list at it (the parser refuses that line alone); gunzipped when it is gzip.
     */
    private static BufferedReader replacing(Path path) throws IOException {
        return InputText.open(path);
    }

    /** A stream may wait for its next line for ever: read so that an interrupt ends the wait. */
    private static BufferedReader streamed(java.io.Reader reader) {
        return new BufferedReader(new InterruptibleReader(reader));
    }

    /** {@code loomget links.txt}, the list meant: the message says how to read it. */
    private static String withFileHint(String argument, InvalidUrlException e) {
        try {
            if (!argument.isBlank() && Files.isRegularFile(Path.of(argument))) {
                return e.getMessage() + "; to read URLs from the file " + argument + ", give -i " + argument;
            }
        } catch (java.nio.file.InvalidPathException notAPath) {
            // then it is no file's name either
        }
        return e.getMessage();
    }

    private static boolean isUrl(String argument) {
        try {
            Links.parseArgument(argument);
            return true;
        } catch (InvalidUrlException e) {
            return false;
        }
    }

    /** Entries given, usable or not, counted up to {@code atMost}: what {@code -o} and {@code --checksum} count. */
    int given(int atMost) throws IOException {
        while (entriesAhead() < atMost && readAhead()) {
            // each pass reads one entry more
        }
        return (int) Math.min(entriesAhead(), atMost);
    }

    /** The requests and problems read ahead; not the notes on them. */
    private long entriesAhead() {
        return ahead.stream().filter(entry -> !(entry instanceof Links.Entry.Note)).count();
    }

    /** The usable requests the whole input holds, or -1 when it is not known ahead (stdin). */
    long requestCount() {
        return requestCount;
    }

    /** Changes every request as it is read ({@code -o}, {@code --checksum}); those read ahead at once, so a refusal comes before the run. */
    void adjust(UnaryOperator<DownloadRequest> change) {
        var read = new ArrayList<>(ahead);
        ahead.clear();
        for (var entry : read) {
            ahead.add(adjusted(entry, change));
        }
        var before = adjust;
        adjust = request -> change.apply(before.apply(request));
    }

    /**
     * The requests, each read when the run takes it; the problems met on the way go to
     * {@code problems}, and the notes on the requests (options read and ignored) to {@code notes}, in
     * input order. An input that cannot be read to its end ends there, with a
     * problem that says why. Once {@code stopped} (Ctrl-C), or when the thread reading is interrupted
     * while it waits for input, there are no more.
     */
    Iterator<DownloadRequest> requests(Consumer<InputProblem> problems, Consumer<Links.Entry.Note> notes,
                                       java.util.function.BooleanSupplier stopped) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                while (true) {
                    var entry = peek();
                    if (stopped.getAsBoolean()) {
                        return false; // an entry read as the signal came (its producer ended with it) does not start
                    }
                    switch (entry) {
                        case null -> {
                            return false;
                        }
                        case Links.Entry.Request request -> {
                            return true;
                        }
                        case Links.Entry.Problem(var problem) -> {
                            ahead.poll();
                            problems.accept(problem);
                        }
                        case Links.Entry.Note note -> {
                            ahead.poll();
                            notes.accept(note);
                        }
                    }
                }
            }

            @Override
            public DownloadRequest next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ((Links.Entry.Request) ahead.poll()).request();
            }

            private Links.Entry peek() {
                if (ahead.isEmpty()) {
                    try {
                        readAhead();
                    } catch (java.io.InterruptedIOException e) {
                        Thread.currentThread().interrupt(); // the run is being stopped: the input ends here
                        broken = true;
                    } catch (IOException e) {
                        broken = true;
                        ahead.add(new Links.Entry.Problem(new InputProblem(fileName,
                                "cannot read further: " + FileErrors.reason(e))));
                    }
                }
                return ahead.peek();
            }
        };
    }

    /** The rest of the input at once, for {@code --dry-run}, whose report lists every entry. */
    Links.Parsed readAll() throws IOException {
        var requests = new ArrayList<DownloadRequest>();
        var problems = new ArrayList<InputProblem>();
        var notes = new ArrayList<Links.Entry.Note>();
        while (!ahead.isEmpty() || readAhead()) {
            switch (ahead.poll()) {
                case Links.Entry.Request(var request) -> requests.add(request);
                case Links.Entry.Problem(var problem) -> problems.add(problem);
                case Links.Entry.Note note -> notes.add(note);
            }
        }
        return new Links.Parsed(requests, problems, notes);
    }

    /** Reads one entry into {@link #ahead}, with the notes before it; false at the end of the input. */
    private boolean readAhead() throws IOException {
        if (arguments.hasNext()) {
            var url = arguments.next();
            try {
                ahead.add(new Links.Entry.Request(adjust.apply(Links.parseArgument(url))));
            } catch (InvalidUrlException e) {
                ahead.add(new Links.Entry.Problem(new InputProblem(Links.COMMAND_LINE, url.strip(), withFileHint(url, e))));
            }
            return true;
        }
        while (true) {
            var entry = file == null || broken ? null : file.read();
            if (entry == null) {
                return false;
            }
            ahead.add(adjusted(entry, adjust));
            if (!(entry instanceof Links.Entry.Note)) {
                return true;
            }
        }
    }

    /** {@code entry} with {@code change} made to its request, if it has one. */
    private static Links.Entry adjusted(Links.Entry entry, UnaryOperator<DownloadRequest> change) {
        return switch (entry) {
            case Links.Entry.Request(var request) -> new Links.Entry.Request(change.apply(request));
            case Links.Entry.Note(var request, var source, var message) ->
                    new Links.Entry.Note(change.apply(request), source, message);
            case Links.Entry.Problem problem -> problem;
        };
    }

    @Override
    public void close() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // read-only: nothing is lost
            }
        }
    }
}
