package io.loomget.cli;

import io.loomget.DownloadRequest;
import io.loomget.InputProblem;
import io.loomget.InvalidUrlException;
import io.loomget.Links;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the command line asks for: its URL arguments, then the entries of {@code -i FILE} ({@code -}
 * = stdin). Entries that cannot become a download are problems, reported like failed downloads.
 */
record CommandLineInput(List<DownloadRequest> requests, List<InputProblem> problems) {

    /** @throws IOException when the input file cannot be read (the command makes that a usage error) */
    static CommandLineInput read(List<String> urls, String inputFile, InputStream stdin) throws IOException {
        var requests = new ArrayList<DownloadRequest>();
        var problems = new ArrayList<InputProblem>();
        for (var url : urls) {
            try {
                requests.add(Links.parseArgument(url));
            } catch (InvalidUrlException e) {
                problems.add(new InputProblem("command line", url.strip(), e.getMessage()));
            }
        }
        if (inputFile != null) {
            boolean fromStdin = inputFile.equals("-");
            try (var reader = fromStdin
                    ? new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))
                    : Files.newBufferedReader(Path.of(inputFile), StandardCharsets.UTF_8)) {
                var parsed = Links.read(reader, fromStdin ? "stdin" : inputFile);
                requests.addAll(parsed.requests());
                problems.addAll(parsed.problems());
            }
        }
        return new CommandLineInput(requests, problems);
    }

    /** Every entry given, usable or not: what {@code -o} and {@code --checksum} count. */
    int given() {
        return requests.size() + problems.size();
    }
}
