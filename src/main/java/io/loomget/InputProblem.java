package io.loomget;

/** A line of input that could not become a download, e.g. {@code links.txt:3: not a URL: 'foo'}. */
public record InputProblem(String source, String message) {
    @Override
    public String toString() {
        return source + ": " + message;
    }
}
