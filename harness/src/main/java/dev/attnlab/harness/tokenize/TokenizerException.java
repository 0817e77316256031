package dev.attnlab.harness.tokenize;

/**
 * A tokenizer could not be loaded or does not fit the model: the message names the file (or spec), what
 * was expected and what to do.
 */
public final class TokenizerException extends RuntimeException {

    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
