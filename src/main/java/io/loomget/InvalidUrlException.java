package io.loomget;

/** Input text that is not an http(s) URL loomget can fetch. */
public final class InvalidUrlException extends Exception {
    public InvalidUrlException(String message) {
        super(message);
    }
}
